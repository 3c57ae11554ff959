import type { StreamInfo } from '@camwatch/config';
import { RejectedInputError } from '../reject-counter.ts';
import { mediaInput } from './media-input.ts';
import { lastErrorLine, type MediaTools } from './media-tools.ts';
import { roundTo } from '../numbers.ts';

export interface StreamProbeOptions {
  signal: AbortSignal;
  timeoutMs: number;
  /** Seconds of packets read to measure the real frame rate and bitrate. */
  sampleSeconds: number;
  transport: 'tcp' | 'udp';
}

export class StreamProbeError extends Error {
  override readonly name = 'StreamProbeError';
}

interface FfprobeStream {
  codec_name?: unknown;
  width?: unknown;
  height?: unknown;
  avg_frame_rate?: unknown;
  r_frame_rate?: unknown;
  bit_rate?: unknown;
}
interface FfprobePacket {
  pts_time?: unknown;
  size?: unknown;
}

/**
 * Codec, resolution, fps and bitrate of the first video stream, from one ffprobe run that
 * also reads `sampleSeconds` of packets: cameras often announce 25 fps in their SDP and
 * deliver 8, and RTSP carries no bitrate, so both are measured from packet timestamps and sizes.
 */
export async function probeStream(tools: MediaTools, url: string, opts: StreamProbeOptions): Promise<StreamInfo> {
  const input = mediaInput(url, {
    ...(url.startsWith('rtsp') ? { rtsp_transport: opts.transport, timeout: opts.timeoutMs * 1000 } : {}),
    analyzeduration: 1_000_000,
  });
  const args = [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=codec_name,width,height,avg_frame_rate,r_frame_rate,bit_rate:packet=pts_time,size',
    '-read_intervals',
    `%+${opts.sampleSeconds}`,
    '-of',
    'json',
    ...input.args,
  ];
  const result = await tools.ffprobe(args, {
    signal: opts.signal,
    maxStdoutBytes: 4 * 1024 * 1024,
    ...(input.stdin ? { stdin: input.stdin } : {}),
  });
  if (result.code !== 0) throw new StreamProbeError(`ffprobe failed: ${lastErrorLine(result.stderr)}`);
  return parseFfprobeOutput(result.stdout.toString('utf8'));
}

export function parseFfprobeOutput(json: string): StreamInfo {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (error) {
    throw new RejectedInputError('ffprobe_bad_output', `ffprobe output is not JSON: ${(error as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null) throw new RejectedInputError('ffprobe_bad_output', 'ffprobe output is not an object');
  const { streams, packets } = doc as { streams?: unknown; packets?: unknown };
  const stream = Array.isArray(streams) ? (streams[0] as FfprobeStream | undefined) : undefined;
  if (!stream) throw new StreamProbeError('no video stream');
  const codec = typeof stream.codec_name === 'string' ? stream.codec_name.slice(0, 32) : null;
  const width = toInt(stream.width);
  const height = toInt(stream.height);
  if (!codec || width === null || height === null || width > 16384 || height > 16384) {
    throw new RejectedInputError('ffprobe_bad_output', 'video stream without a plausible codec or size');
  }
  const measured = measurePackets(Array.isArray(packets) ? (packets as FfprobePacket[]) : []);
  const announcedFps = parseRate(stream.avg_frame_rate) ?? parseRate(stream.r_frame_rate);
  const fps = measured?.fps ?? announcedFps ?? 0;
  const announcedKbps = toInt(stream.bit_rate);
  const bitrateKbps = measured?.kbps ?? (announcedKbps !== null ? announcedKbps / 1000 : null);
  return {
    codec,
    width,
    height,
    fps: roundTo(Math.min(fps, 1000), 2),
    bitrateKbps: bitrateKbps === null ? null : roundTo(Math.min(bitrateKbps, 1_000_000), 1),
  };
}

/** Frame rate and bitrate over the packets read; null when too few packets carry timestamps. */
function measurePackets(packets: FfprobePacket[]): { fps: number; kbps: number } | null {
  const times: number[] = [];
  let bytes = 0;
  for (const p of packets) {
    const size = toInt(p.size);
    if (size !== null) bytes += size;
    const t = typeof p.pts_time === 'string' ? Number(p.pts_time) : NaN;
    if (Number.isFinite(t)) times.push(t);
  }
  if (times.length < 3) return null;
  const span = Math.max(...times) - Math.min(...times);
  if (span <= 0) return null;
  // n timestamps span n-1 frame intervals; bytes are spread over n intervals (the first packet's own).
  const fps = (times.length - 1) / span;
  const kbps = (bytes * 8) / (span + 1 / fps) / 1000;
  return { fps, kbps };
}

function parseRate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const [num, den] = value.split('/').map(Number);
  if (num === undefined || den === undefined || !Number.isFinite(num) || !Number.isFinite(den) || den === 0 || num <= 0) return null;
  return num / den;
}

function toInt(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : null;
}
