import { RejectedInputError } from '../probe/reject-counter.ts';
import { lastErrorLine, type MediaTools } from '../probe/media/media-tools.ts';
import { mediaInput } from '../probe/media/media-input.ts';
import { parseDetectLog, type DetectLog } from './detect-log-parser.ts';
import { splitRawYuv420, yuvFrameBytes, type GrayFrame } from './gray-frame.ts';
import type { PictureThresholds } from './picture-thresholds.ts';

/** Analysis pictures are this wide whatever the camera sends, so blur and hash thresholds mean the same for every model. */
export const ANALYSIS_WIDTH = 320;
/** Frames per second kept for the metrics: enough for a median, cheap to hash. */
const KEPT_FPS = 2;
/**
 * How long ffmpeg may study the stream before decoding (µs), and how many bytes. The stream
 * check has already measured codec, size and rate, so ffmpeg only needs the first parameter
 * sets; its 5 s default spends 5 s probing a 2 fps stream (7.7 s for a 1 s sample against a
 * 3 s connect allowance: the check timed out on a healthy slow camera).
 */
export const ANALYZE_DURATION_US = 1_000_000;
export const PROBE_SIZE_BYTES = 1_000_000;

export interface PictureSample {
  /** Luma of each kept frame at analysis size. */
  frames: GrayFrame[];
  /** Mean chroma magnitude of each kept frame (0 = no colour at all: infrared night mode). */
  saturation: number[];
  detect: DetectLog;
  /** Seconds of video the detectors saw (sample length less one frame interval). */
  coveredSeconds: number;
}

export interface PictureSampleOptions {
  signal: AbortSignal;
  timeoutMs: number;
  seconds: number;
  /** Source size and rate from the stream probe: they fix the analysis height and the sample span. */
  sourceWidth: number;
  sourceHeight: number;
  sourceFps: number;
  transport: 'tcp' | 'udp';
  thresholds: PictureThresholds;
}

export class PictureSampleError extends Error {
  override readonly name = 'PictureSampleError';
}

/** Analysis size: ANALYSIS_WIDTH wide (never upscaled), aspect kept, even height. */
export function analysisSize(width: number, height: number): { width: number; height: number } {
  const w = Math.min(ANALYSIS_WIDTH, width) & ~1;
  const h = Math.max(2, Math.round((height * w) / width / 2) * 2);
  return { width: w, height: h };
}

/**
 * Decodes `seconds` of the stream once: freezedetect and blackdetect see every frame at
 * full size, while a 2 fps copy at analysis size comes back on stdout (YUV 4:2:0: the luma for
 * every picture metric, the chroma only to tell infrared night from day).
 */
export async function samplePicture(tools: MediaTools, url: string, opts: PictureSampleOptions): Promise<PictureSample> {
  const size = analysisSize(opts.sourceWidth, opts.sourceHeight);
  const t = opts.thresholds;
  const graph = [
    '[0:v]split=2[detect][keep]',
    `[detect]freezedetect=n=${t.frozenNoiseDb}dB:d=${t.frozenMinSeconds},blackdetect=d=0.1:pix_th=${t.blackPixelMax},nullsink`,
    // Area scaling averages sensor noise away instead of aliasing it into false detail.
    `[keep]fps=${KEPT_FPS},scale=${size.width}:${size.height}:flags=area,format=yuv420p[out]`,
  ].join(';');
  const input = mediaInput(url, {
    ...(url.startsWith('rtsp') ? { rtsp_transport: opts.transport, timeout: opts.timeoutMs * 1000 } : {}),
    analyzeduration: ANALYZE_DURATION_US,
    probesize: PROBE_SIZE_BYTES,
  });
  const args = [
    '-v',
    'info',
    '-nostats',
    '-t',
    String(opts.seconds),
    ...input.args,
    '-an',
    '-sn',
    '-dn',
    '-filter_complex',
    graph,
    '-map',
    '[out]',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'yuv420p',
    'pipe:1',
  ];
  const maxFrames = Math.ceil(opts.seconds * KEPT_FPS) + 2;
  const result = await tools.ffmpeg(args, {
    signal: opts.signal,
    ...(input.stdin ? { stdin: input.stdin } : {}),
    maxStdoutBytes: maxFrames * yuvFrameBytes(size.width, size.height),
    maxStderrChars: 1024 * 1024,
  });
  if (result.code !== 0) throw new PictureSampleError(`ffmpeg failed: ${lastErrorLine(result.stderr)}`);
  if (result.stdout.length % yuvFrameBytes(size.width, size.height) !== 0) {
    throw new RejectedInputError(
      'ffmpeg_bad_output',
      `ffmpeg wrote ${result.stdout.length} bytes, not whole ${size.width}x${size.height} frames`,
    );
  }
  const { frames, saturation } = splitRawYuv420(result.stdout, size.width, size.height);
  if (frames.length === 0) throw new PictureSampleError('no frame decoded in the sample');
  const frameInterval = opts.sourceFps > 0 ? 1 / opts.sourceFps : 0;
  return { frames, saturation, detect: parseDetectLog(result.stderr), coveredSeconds: Math.max(opts.seconds - frameInterval, 0.1) };
}
