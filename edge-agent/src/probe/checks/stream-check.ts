import { withCredentials } from '../media/rtsp-url.ts';
import { probeStream } from '../media/stream-probe.ts';
import { skipped, type CameraCheck, type CheckInput, type CheckOutput, type MediaCheckOptions } from './camera-check.ts';

/** Opens the stream with ffprobe: codec, size, measured fps and bitrate; too few frames is `low_fps`. */
export function createStreamCheck(opts: MediaCheckOptions): CameraCheck {
  return {
    name: 'stream',
    deepOnly: false,
    failCause: 'stream_failing',
    maxShare: 1,
    async run(input: CheckInput): Promise<CheckOutput> {
      if (input.evidence.reachable === false) return skipped('camera unreachable');
      const url = input.target.rtspUrl ?? input.evidence.streamUrl;
      if (!url) return { outcome: 'fail', causes: ['stream_failing'], detail: 'no stream URL (none configured, none from ONVIF)' };
      const stream = await probeStream(opts.tools, withCredentials(url, input.target.username, input.target.password), {
        signal: input.signal,
        timeoutMs: input.timeoutMs,
        sampleSeconds: opts.sampleSeconds,
        transport: opts.transport,
      });
      const kbps = stream.bitrateKbps === null ? '' : ` ${Math.round(stream.bitrateKbps)} kbps`;
      const detail = `${stream.codec} ${stream.width}x${stream.height} ${stream.fps} fps${kbps}`;
      const low = stream.fps > 0 && stream.fps < opts.thresholds.lowFpsMin;
      return {
        outcome: 'pass',
        causes: low ? ['low_fps'] : [],
        detail: low ? `${detail} (below ${opts.thresholds.lowFpsMin})` : detail,
        learned: { stream, streamUrl: url },
      };
    },
  };
}
