import { assessPicture } from '../../picture/picture-judge.ts';
import { ANALYZE_DURATION_US, samplePicture } from '../../picture/picture-sampler.ts';
import { withCredentials } from '../media/rtsp-url.ts';
import { skipped, type CameraCheck, type CheckInput, type CheckOutput, type MediaCheckOptions } from './camera-check.ts';

/**
 * Time kept free inside the check's bound for connecting to the stream before sampling starts:
 * RTSP setup plus ffmpeg's bounded stream analysis, which on a slow stream waits for a couple of
 * frames (2 fps: 1 s more).
 */
const CONNECT_ALLOWANCE_MS = 3000;
const connectAllowanceMs = (fps: number): number =>
  CONNECT_ALLOWANCE_MS + Math.min(ANALYZE_DURATION_US / 1000, fps > 0 ? 2000 / fps : 1000);

/** Decodes a few seconds and judges the picture: black, covered, frozen, blurred, turned away. */
export function createPictureCheck(opts: MediaCheckOptions): CameraCheck {
  return {
    name: 'picture',
    deepOnly: true,
    failCause: 'stream_failing',
    maxShare: 1,
    async run(input: CheckInput): Promise<CheckOutput> {
      const { stream, streamUrl } = input.evidence;
      if (!stream || !streamUrl) return skipped('no working stream to sample');
      // The sample must fit inside the check's time bound, or every deep probe would time out.
      const seconds = Math.round(Math.min(opts.sampleSeconds, (input.timeoutMs - connectAllowanceMs(stream.fps)) / 1000) * 10) / 10;
      if (seconds < 1) return skipped(`no time left for a picture sample (${input.timeoutMs} ms)`);
      const sample = await samplePicture(opts.tools, withCredentials(streamUrl, input.target.username, input.target.password), {
        signal: input.signal,
        timeoutMs: input.timeoutMs,
        seconds,
        sourceWidth: stream.width,
        sourceHeight: stream.height,
        sourceFps: stream.fps,
        transport: opts.transport,
        thresholds: opts.thresholds,
      });
      const a = assessPicture(sample, { hash: input.referenceHash, picture: input.pictureReference }, opts.thresholds);
      const p = a.picture;
      const view = p.viewDistance === null ? 'no reference' : `view distance ${p.viewDistance}`;
      const judged =
        a.method === 'reference'
          ? 'against its own reference'
          : a.method === 'fixed'
            ? 'by fixed thresholds (no reference yet)'
            : 'partly by fixed thresholds';
      const detail = `${sample.frames.length} frames/${seconds}s: brightness ${p.brightness}, variance ${p.variance}, sharpness ${p.sharpness}, black ${Math.round(p.blackRatio * 100)}%${p.frozen ? ', frozen' : ''}, ${view}, judged ${judged}`;
      return {
        outcome: a.causes.length ? 'fail' : 'pass',
        causes: a.causes,
        detail,
        learned: { picture: p, frameHash: a.frameHash, pictureSummary: a.summary },
      };
    },
  };
}
