import type { Logger } from 'pino';
import type { CapturedSnapshot } from '../core/ports.ts';
import { boundedSignal, errorMessage } from '../probe/abort-timeout.ts';
import type { MediaTools } from '../probe/media/media-tools.ts';
import { redactSecrets, withCredentials } from '../probe/media/rtsp-url.ts';
import { RejectedInputError, type RejectCounter } from '../probe/reject-counter.ts';
import { fetchSnapshotJpeg, isPng, SnapshotHttpError } from './http-snapshot-fetcher.ts';
import { fitJpeg, fitPng } from './jpeg-fitter.ts';
import { grabRtspFrame } from './rtsp-frame-grabber.ts';

export interface SnapshotSources {
  snapshotUrl: string | null;
  rtspUrl: string | null;
  username: string | null;
  password: string | null;
}

export interface SnapshotTakerOptions {
  tools: MediaTools;
  maxWidthPx: number;
  maxBytes: number;
  transport: 'tcp' | 'udp';
  rejects: RejectCounter;
}

export interface TakenSnapshot extends CapturedSnapshot {
  source: 'snapshot_uri' | 'rtsp_frame';
}

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

/**
 * The camera's own JPEG (ONVIF snapshot URI) when it has one, since that costs the camera
 * nothing; otherwise, or when that fails, one frame decoded from the stream. Either way
 * the result is fitted to the width and byte budget. Both attempts share `timeoutMs`: the
 * snapshot URI gets at most 40% of it when a stream fallback exists.
 */
export async function takeSnapshot(
  src: SnapshotSources,
  opts: SnapshotTakerOptions,
  run: { signal: AbortSignal; timeoutMs: number; log: Logger },
): Promise<TakenSnapshot> {
  const failures: string[] = [];
  const secrets = [src.password];
  const end = performance.now() + run.timeoutMs - Math.min(300, run.timeoutMs * 0.05);
  if (src.snapshotUrl) {
    try {
      const boundMs = Math.floor(src.rtspUrl ? run.timeoutMs * 0.4 : end - performance.now());
      const signal = boundedSignal(run.signal, boundMs);
      const image = await fetchSnapshotJpeg(src.snapshotUrl, {
        username: src.username,
        password: src.password,
        signal,
        timeoutMs: boundMs,
      });
      const fit = { maxWidthPx: opts.maxWidthPx, maxBytes: opts.maxBytes, signal };
      if (isPng(image)) {
        const converted = await fitPng(opts.tools, image, fit);
        run.log.info({ note: converted.note }, 'snapshot URI answered PNG; converted');
        return { ...converted, source: 'snapshot_uri' };
      }
      return { ...(await fitJpeg(opts.tools, image, fit)), source: 'snapshot_uri' };
    } catch (error) {
      if (run.signal.aborted) throw error;
      if (error instanceof RejectedInputError) opts.rejects.add(error.reason);
      if (error instanceof SnapshotHttpError) opts.rejects.add('snapshot_http_status');
      const message = redactSecrets(errorMessage(error), secrets);
      failures.push(message);
      run.log.warn({ err: message }, src.rtspUrl ? 'snapshot URI failed, grabbing a stream frame instead' : 'snapshot URI failed');
    }
  }
  if (src.rtspUrl) {
    try {
      const boundMs = Math.max(1, Math.floor(end - performance.now()));
      const signal = boundedSignal(run.signal, boundMs);
      const url = withCredentials(src.rtspUrl, src.username, src.password);
      const frame = await grabRtspFrame(opts.tools, url, {
        signal,
        timeoutMs: boundMs,
        maxWidthPx: opts.maxWidthPx,
        transport: opts.transport,
      });
      return {
        ...(await fitJpeg(opts.tools, frame, { maxWidthPx: opts.maxWidthPx, maxBytes: opts.maxBytes, signal })),
        source: 'rtsp_frame',
      };
    } catch (error) {
      if (run.signal.aborted) throw error;
      if (error instanceof RejectedInputError) opts.rejects.add(error.reason);
      failures.push(redactSecrets(errorMessage(error), secrets));
    }
  }
  if (failures.length === 0) throw new SnapshotError('no snapshot URI and no stream URL for this camera');
  throw new SnapshotError(failures.join('; '));
}
