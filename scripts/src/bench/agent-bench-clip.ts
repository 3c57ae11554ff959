import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, ensureCorpus } from '../corpus/fetch-corpus.ts';

/**
 * The agent bench's camera: opencv-doc's real street scene (vtest.avi, 768×576, 10 fps, 80 s)
 * cropped to 16:9 and scaled to a camera's 1080p main stream. 25 fps and a 2-s GOP as Hikvision/Dahua ship them;
 * the source's frames are repeated, which costs the decoder as much as real 25 fps does.
 * 3 Mbit/s capped, a typical main-stream setting. Looped to 3 minutes so a picture check or a
 * snapshot never meets the end of the clip (the server plays it from the start for each client).
 */
export const BENCH_CLIP = { width: 1920, height: 1080, fps: 25, kbps: 3000, seconds: 180 } as const;
/** Bump when the encoding changes, so the cached clip is rendered again. */
const VERSION = 'v1';
const MASTER = `street1080p-${VERSION}`;
/**
 * Each camera's clip starts elsewhere in the footage (cut at keyframes, not re-encoded), so the
 * four cameras do not send the same picture: the server plays every clip from its start.
 */
const OFFSETS_S = [0, 20, 40, 60] as const;
export const benchClipNames = (): string[] => OFFSETS_S.map((_, i) => `${MASTER}-cam${i + 1}`);
/** A folder of its own: the RTSP test server serves every .mkv in it, and `pnpm corpus` prunes its own `clips/`. */
const DIR = join(CORPUS_DIR, 'agent-bench');

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => {
      err = (err + t).slice(-2000);
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${err.trim()}`))));
  });
}

/** Renders the clip into the git-ignored cache unless it is there; returns the folder to serve. */
export async function ensureBenchClip(log: (line: string) => void): Promise<string> {
  const names = benchClipNames();
  if (names.every((n) => existsSync(join(DIR, `${n}.mkv`)))) return DIR;
  const corpus = ensureCorpus();
  mkdirSync(DIR, { recursive: true });
  for (const f of readdirSync(DIR)) rmSync(join(DIR, f), { force: true });
  const { width, height, fps, kbps, seconds } = BENCH_CLIP;
  log(`rendering ${width}×${height} ${fps} fps H.264 at ${kbps} kbit/s from vtest.avi (once, into ${DIR})…`);
  // The server skips `.part.` files: the master is never served itself.
  const tmp = join(DIR, `${MASTER}.part.mkv`);
  await ffmpeg([
    '-v',
    'error',
    '-y',
    '-stream_loop',
    '-1',
    '-i',
    corpus['vtest.avi'],
    '-t',
    String(seconds),
    // 4:3 source, 16:9 camera: crop the street band rather than stretch it.
    '-vf',
    `crop=iw:iw*${height}/${width},scale=${width}:${height}:flags=bicubic,setsar=1,fps=${fps},format=yuv420p`,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-b:v',
    `${kbps}k`,
    '-maxrate',
    `${kbps}k`,
    '-bufsize',
    `${kbps * 2}k`,
    '-g',
    String(fps * 2),
    '-bf',
    '0',
    '-an',
    tmp,
  ]);
  for (const [i, name] of names.entries()) {
    const part = join(DIR, `${name}.part.mkv`);
    await ffmpeg(['-v', 'error', '-y', '-ss', String(OFFSETS_S[i]), '-i', tmp, '-c', 'copy', part]);
    renameSync(part, join(DIR, `${name}.mkv`));
  }
  rmSync(tmp, { force: true });
  return DIR;
}
