import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLIP_SECONDS, CLIPS, type ClipSpec } from './clip-catalogue.ts';
import { CORPUS_DIR, ensureCorpus, type CorpusPaths } from './fetch-corpus.ts';

/** Bump when the encoding below changes, so cached clips are rendered again. */
const ENCODING = 'x264-veryfast-crf23-max2500k-v1';
const WIDTH = 768;
const HEIGHT = 576;

/** The file name carries a hash of the clip's definition, so a changed definition is rendered again. */
function clipPath(spec: ClipSpec): string {
  const hash = createHash('sha256').update(ENCODING).update(JSON.stringify(spec)).digest('hex').slice(0, 10);
  return join(CORPUS_DIR, 'clips', `${spec.id}-${hash}.mkv`);
}

function inputArgs(spec: ClipSpec, corpus: CorpusPaths): string[] {
  switch (spec.source) {
    case 'vtest':
      return ['-ss', String(spec.start), '-t', String(CLIP_SECONDS), '-i', corpus['vtest.avi']];
    case 'tree':
      return ['-stream_loop', '-1', '-t', String(CLIP_SECONDS), '-i', corpus['tree.avi']];
    case 'leuvenA':
      return ['-loop', '1', '-framerate', '10', '-t', String(CLIP_SECONDS), '-i', corpus['leuvenA.jpg']];
    case 'building':
      return ['-loop', '1', '-framerate', '10', '-t', String(CLIP_SECONDS), '-i', corpus['building.jpg']];
    case 'black':
      return ['-f', 'lavfi', '-i', `color=c=0x060606:s=${WIDTH}x${HEIGHT}:r=10:d=${CLIP_SECONDS}`];
  }
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => {
      err = (err + t).slice(-2000);
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg ${code}: ${err.trim()}`))));
  });
}

/** Renders one clip into the cache unless it is there; returns its path. */
export async function renderClip(spec: ClipSpec, corpus: CorpusPaths): Promise<string> {
  const out = clipPath(spec);
  if (existsSync(out)) return out;
  mkdirSync(join(CORPUS_DIR, 'clips'), { recursive: true });
  const fps = spec.fps ?? 10;
  const base = `scale=${WIDTH}:${HEIGHT},setsar=1,fps=10,format=yuv420p`;
  const graph = spec.filter.includes(';')
    ? `[0:v]${base}[v];[v]${spec.filter};[out]fps=${fps}[final]`
    : `[0:v]${base},${spec.filter},fps=${fps},format=yuv420p[final]`;
  const rate = spec.bitrateKbps
    ? ['-b:v', `${spec.bitrateKbps}k`, '-maxrate', `${spec.bitrateKbps}k`, '-bufsize', `${spec.bitrateKbps * 2}k`]
    : ['-crf', '23', '-maxrate', '2500k', '-bufsize', '5000k'];
  // A camera's encoder is capped too (2–4 Mbps for a main stream): high-gain night noise is smoothed, not kept.
  const tmp = `${out}.part.mkv`;
  await run([
    '-v',
    'error',
    '-y',
    ...inputArgs(spec, corpus),
    '-filter_complex',
    graph,
    '-map',
    '[final]',
    '-t',
    String(CLIP_SECONDS),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    ...rate,
    '-g',
    String(fps),
    '-bf',
    '0',
    '-pix_fmt',
    'yuv420p',
    '-an',
    tmp,
  ]);
  renameSync(tmp, out);
  return out;
}

/** Fetches the corpus if needed and renders every clip (two ffmpeg at a time); id → path. */
export async function renderClips(specs: readonly ClipSpec[], parallel = 2): Promise<Map<string, string>> {
  const corpus = ensureCorpus();
  const paths = new Map<string, string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < specs.length) {
      const spec = specs[next++]!;
      paths.set(spec.id, await renderClip(spec, corpus));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  // Clips of older definitions would be served too; keep the cache to the current set.
  if (specs.length < CLIPS.length) return paths;
  const current = new Set([...paths.values()].map((p) => p.split('/').at(-1)));
  for (const f of readdirSync(join(CORPUS_DIR, 'clips'))) if (!current.has(f)) rmSync(join(CORPUS_DIR, 'clips', f), { force: true });
  return paths;
}
