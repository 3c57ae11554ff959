import { mediaInput } from '../probe/media/media-input.ts';
import { lastErrorLine, type MediaTools } from '../probe/media/media-tools.ts';
import { RejectedInputError } from '../probe/reject-counter.ts';

export interface GrabOptions {
  signal: AbortSignal;
  timeoutMs: number;
  maxWidthPx: number;
  transport: 'tcp' | 'udp';
}

export class FrameGrabError extends Error {
  override readonly name = 'FrameGrabError';
}

/**
 * One frame of the stream as a high-quality JPEG no wider than `maxWidthPx`, for cameras
 * without a snapshot URI. The H.264 decoder emits nothing before the first key frame, so
 * the frame is never a grey half-decoded one.
 */
export async function grabRtspFrame(tools: MediaTools, url: string, opts: GrabOptions): Promise<Buffer> {
  const input = mediaInput(url, url.startsWith('rtsp') ? { rtsp_transport: opts.transport, timeout: opts.timeoutMs * 1000 } : {});
  const args = [
    '-v',
    'error',
    ...input.args,
    '-an',
    '-sn',
    '-dn',
    '-frames:v',
    '1',
    '-vf',
    `scale='min(${opts.maxWidthPx},iw)':-2:flags=area`,
    '-c:v',
    'mjpeg',
    '-q:v',
    '3',
    '-f',
    'image2pipe',
    'pipe:1',
  ];
  const result = await tools.ffmpeg(args, {
    signal: opts.signal,
    maxStdoutBytes: 16 * 1024 * 1024,
    ...(input.stdin ? { stdin: input.stdin } : {}),
  });
  if (result.code !== 0) throw new FrameGrabError(`ffmpeg frame grab failed: ${lastErrorLine(result.stderr)}`);
  if (result.stdout.length < 4 || result.stdout[0] !== 0xff || result.stdout[1] !== 0xd8) {
    throw new RejectedInputError('ffmpeg_bad_output', 'ffmpeg frame grab produced no JPEG');
  }
  return result.stdout;
}
