import { DEFAULTS } from '@camwatch/config';
import type { Logger } from 'pino';
import type { CameraProber, CameraTarget, CameraVerdict, CapturedSnapshot, CheckContext } from '../core/ports.ts';
import { ConcurrencyLimiter } from '../core/concurrency-limiter.ts';
import { rebootOnvif } from '../onvif/onvif-device-client.ts';
import { resolvePictureThresholds, type PictureThresholds } from '../picture/picture-thresholds.ts';
import { takeSnapshot } from '../snapshot/snapshot-taker.ts';
import { boundedSignal } from './abort-timeout.ts';
import { runChecks } from './check-runner.ts';
import type { CameraCheck } from './checks/camera-check.ts';
import { createOnvifCheck } from './checks/onvif-check.ts';
import { OnvifIdentityCache } from '../onvif/onvif-identity-cache.ts';
import { createPictureCheck } from './checks/picture-check.ts';
import { createStreamCheck } from './checks/stream-check.ts';
import { createTcpReachabilityCheck } from './checks/tcp-reachability-check.ts';
import { createSpawnMediaTools, type MediaTools, type SpawnMediaToolsOptions } from './media/media-tools.ts';
import { RejectCounter, type RejectReason } from './reject-counter.ts';
import { decideVerdict } from './verdict.ts';

export interface RealProberOptions {
  logger: Logger;
  /** Overrides of DEFAULT_PICTURE_THRESHOLDS (from the contracts' DEFAULTS); validated at creation. */
  thresholds?: Partial<PictureThresholds>;
  /** Probes and snapshots running at once (DEFAULTS.checkConcurrency). */
  concurrency?: number;
  /** Seconds of packets ffprobe reads to measure fps and bitrate (default 2). */
  streamSampleSeconds?: number;
  /** Seconds decoded for the picture checks (DEFAULTS.frameSampleSeconds). */
  frameSampleSeconds?: number;
  /** RTSP over TCP by default: survives NAT and lossy 4G links where UDP loses packets. */
  rtspTransport?: 'tcp' | 'udp';
  /** ffmpeg/ffprobe adapter, or paths for the default direct-spawn one. */
  media?: MediaTools | SpawnMediaToolsOptions;
  snapshotMaxWidthPx?: number;
  snapshotMaxBytes?: number;
}

export interface RealProber extends CameraProber {
  /** Inputs refused since start, by reason. */
  rejects(): Record<RejectReason, number>;
  readonly thresholds: Readonly<PictureThresholds>;
}

function positiveInt(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${n}`);
  return n;
}

function isMediaTools(m: RealProberOptions['media']): m is MediaTools {
  return typeof m === 'object' && m !== null && 'ffmpeg' in m && typeof m.ffmpeg === 'function';
}

/** The agent's real CameraProber: TCP, ONVIF, ffprobe and picture checks; snapshots; ONVIF reboot. */
export function createRealProber(opts: RealProberOptions): RealProber {
  const thresholds = resolvePictureThresholds(opts.thresholds);
  const tools = isMediaTools(opts.media) ? opts.media : createSpawnMediaTools(opts.media);
  const transport = opts.rtspTransport ?? 'tcp';
  const limiter = new ConcurrencyLimiter(positiveInt(opts.concurrency ?? DEFAULTS.checkConcurrency.value, 'concurrency'));
  const rejects = new RejectCounter();
  const identities = new OnvifIdentityCache();
  const log = opts.logger.child({ component: 'camera-prober' });
  const checks: readonly CameraCheck[] = [
    createTcpReachabilityCheck(),
    createOnvifCheck(identities, rejects),
    createStreamCheck({ tools, transport, thresholds, sampleSeconds: opts.streamSampleSeconds ?? 2 }),
    createPictureCheck({ tools, transport, thresholds, sampleSeconds: opts.frameSampleSeconds ?? DEFAULTS.frameSampleSeconds.value }),
  ];

  return {
    thresholds,
    rejects: () => rejects.snapshot(),

    probe(target: CameraTarget, ctx: CheckContext, deep: boolean): Promise<CameraVerdict> {
      const camLog = log.child({ cameraId: target.cameraId });
      return limiter.run(async () => {
        const { findings, evidence } = await runChecks(checks, {
          target,
          referenceHash: ctx.referenceHash,
          pictureReference: ctx.pictureReference ?? null,
          deep,
          signal: ctx.signal,
          timeoutMs: ctx.timeoutMs,
          log: camLog,
          rejects,
        });
        const verdict = decideVerdict(findings, evidence);
        camLog.debug({ status: verdict.status, cause: verdict.cause, deep }, 'camera probed');
        return verdict;
      });
    },

    snapshot(target: CameraTarget, ctx: CheckContext): Promise<CapturedSnapshot> {
      const camLog = log.child({ cameraId: target.cameraId });
      const cached = identities.channel(target.cameraId, target.onvifChannel ?? 1);
      const sources = {
        snapshotUrl: target.snapshotUrl ?? cached?.snapshotUrl ?? null,
        rtspUrl: target.rtspUrl ?? cached?.rtspUrl ?? null,
        username: target.username,
        password: target.password,
      };
      return limiter.run(async () => {
        const shot = await takeSnapshot(
          sources,
          {
            tools,
            transport,
            rejects,
            maxWidthPx: opts.snapshotMaxWidthPx ?? DEFAULTS.snapshotMaxWidthPx.value,
            maxBytes: Math.min(opts.snapshotMaxBytes ?? DEFAULTS.snapshotMaxBytes.value, ctx.snapshotMaxBytes ?? Number.POSITIVE_INFINITY),
          },
          { signal: ctx.signal, timeoutMs: ctx.timeoutMs, log: camLog },
        );
        camLog.debug({ source: shot.source, bytes: shot.jpeg.length, width: shot.width, height: shot.height }, 'snapshot taken');
        return { jpeg: shot.jpeg, width: shot.width, height: shot.height, ...(shot.note ? { note: shot.note } : {}) };
      });
    },

    async reboot(target: CameraTarget, ctx: CheckContext): Promise<void> {
      if (!target.onvifUrl) throw new Error(`camera ${target.cameraId} has no ONVIF address; it cannot be rebooted remotely`);
      const message = await rebootOnvif(
        { xaddr: target.onvifUrl, username: target.username, password: target.password },
        { signal: boundedSignal(ctx.signal, ctx.timeoutMs), timeoutMs: ctx.timeoutMs },
      );
      log.info({ cameraId: target.cameraId, message }, 'camera reboot requested');
    },
  };
}
