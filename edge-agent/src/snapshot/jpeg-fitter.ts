import type { CapturedSnapshot } from '../core/ports.ts';
import { lastErrorLine, type MediaTools } from '../probe/media/media-tools.ts';
import { RejectedInputError } from '../probe/reject-counter.ts';
import { jpegDimensions } from './jpeg-dimensions.ts';

export interface FitOptions {
  maxWidthPx: number;
  maxBytes: number;
  signal: AbortSignal;
}

export class SnapshotEncodeError extends Error {
  override readonly name = 'SnapshotEncodeError';
}

/** mjpeg qscale steps tried in turn (2 = best, 31 = worst); each step roughly 0.7× the bytes. */
const QUALITY_STEPS = [3, 5, 8, 12, 18, 25, 31];
/** Each pass below full quality also narrows the picture by this factor. */
const SHRINK = 0.75;
const MIN_WIDTH = 160;

/**
 * Makes a JPEG fit the uplink budget: at most `maxWidthPx` wide, at most `maxBytes`.
 * A JPEG that already fits is passed through untouched. Otherwise ffmpeg re-encodes it at
 * falling quality, and narrower when even the lowest quality is too big.
 */
export async function fitJpeg(tools: MediaTools, jpeg: Buffer, opts: FitOptions): Promise<CapturedSnapshot> {
  const size = jpegDimensions(jpeg);
  if (!size) throw new RejectedInputError('snapshot_not_jpeg', 'snapshot is not a JPEG with a frame header');
  if (size.width <= opts.maxWidthPx && jpeg.length <= opts.maxBytes) return { jpeg, ...size };
  return shrink(tools, jpeg, 'mjpeg', size.width, opts);
}

/** Width and height from a PNG's IHDR chunk. */
function pngDimensions(png: Buffer): { width: number; height: number } | null {
  if (png.length < 24 || png.toString('latin1', 12, 16) !== 'IHDR') return null;
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  return width > 0 && height > 0 ? { width, height } : null;
}

/**
 * A PNG snapshot (some firmware sends one) converted to a JPEG by ffmpeg and fitted like any
 * other: the hub and the dashboard store and show JPEG only. The result says it was converted.
 */
export async function fitPng(tools: MediaTools, png: Buffer, opts: FitOptions): Promise<CapturedSnapshot & { note: string }> {
  const size = pngDimensions(png);
  if (!size) throw new RejectedInputError('snapshot_not_jpeg', 'snapshot is a PNG without an image header');
  const out = await shrink(tools, png, 'png', size.width, opts);
  const what = `PNG ${size.width}x${size.height}, ${png.length} bytes`;
  return { ...out, note: `camera gửi ảnh PNG, đã chuyển sang JPEG / camera sent PNG, converted to JPEG (${what})` };
}

async function shrink(
  tools: MediaTools,
  image: Buffer,
  codec: 'mjpeg' | 'png',
  sourceWidth: number,
  opts: FitOptions,
): Promise<CapturedSnapshot> {
  let width = Math.min(sourceWidth, opts.maxWidthPx);
  while (width >= MIN_WIDTH) {
    for (const q of QUALITY_STEPS) {
      const out = await encode(tools, image, codec, width, q, opts.signal);
      if (out.jpeg.length <= opts.maxBytes) return out;
    }
    width = Math.floor(width * SHRINK);
  }
  throw new SnapshotEncodeError(`snapshot does not fit in ${opts.maxBytes} bytes even at ${MIN_WIDTH}px and lowest quality`);
}

async function encode(
  tools: MediaTools,
  image: Buffer,
  codec: 'mjpeg' | 'png',
  width: number,
  q: number,
  signal: AbortSignal,
): Promise<CapturedSnapshot> {
  const args = [
    '-v',
    'error',
    '-f',
    'image2pipe',
    '-c:v',
    codec,
    '-i',
    'pipe:0',
    '-vf',
    `scale=${width & ~1}:-2:flags=area`,
    '-frames:v',
    '1',
    '-c:v',
    'mjpeg',
    '-q:v',
    String(q),
    '-f',
    'image2pipe',
    'pipe:1',
  ];
  const result = await tools.ffmpeg(args, { signal, stdin: image, maxStdoutBytes: 16 * 1024 * 1024 });
  if (result.code !== 0) throw new SnapshotEncodeError(`ffmpeg re-encode failed: ${lastErrorLine(result.stderr)}`);
  const size = jpegDimensions(result.stdout);
  if (!size) throw new RejectedInputError('ffmpeg_bad_output', 'ffmpeg re-encode produced no JPEG');
  return { jpeg: result.stdout, ...size };
}
