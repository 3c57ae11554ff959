import { runProcess, type ProcessResult, type RunOptions } from './process-runner.ts';

/**
 * The one seam to ffmpeg and ffprobe. Everything media-related (stream probe, picture
 * sampling, frame grab, JPEG fitting) goes through it, so the direct spawn below can be
 * swapped (a static build, a remote worker) without touching the checks.
 */
export interface MediaTools {
  ffprobe(args: readonly string[], opts: RunOptions): Promise<ProcessResult>;
  ffmpeg(args: readonly string[], opts: RunOptions): Promise<ProcessResult>;
}

export interface SpawnMediaToolsOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
}

export function createSpawnMediaTools(opts: SpawnMediaToolsOptions = {}): MediaTools {
  const ffmpegPath = opts.ffmpegPath ?? 'ffmpeg';
  const ffprobePath = opts.ffprobePath ?? 'ffprobe';
  // -nostdin: ffmpeg must never wait on a terminal; -hide_banner keeps stderr to the facts we parse.
  return {
    ffprobe: (args, run) => runProcess(ffprobePath, ['-hide_banner', ...args], run),
    ffmpeg: (args, run) => runProcess(ffmpegPath, ['-hide_banner', '-nostdin', ...args], run),
  };
}

/** The last meaningful stderr line of a failed run, for a verdict detail. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines.at(-1) ?? 'no error output';
}
