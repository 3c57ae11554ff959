import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULTS, formatLocalDateTime, isValidId } from '@camwatch/config';
import type { CameraProber, CameraTarget, CameraVerdict, CapturedSnapshot, CheckContext } from '../core/ports.ts';
import type { PictureReference } from '../picture/picture-reference.ts';
import { errorMessage } from '../probe/abort-timeout.ts';
import { endpointOf, redactSecrets } from '../probe/media/rtsp-url.ts';
import { both, causeText, LABELS, PICTURE_CAUSES, STATUS_TEXT, VALUES } from './report-text.ts';

export interface ReportSink {
  write(text: string): unknown;
}

export interface CheckReportOptions {
  /** Snapshots are saved here as `<cameraId>.jpg`; without it they are taken but not saved. */
  snapshotDir?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Reference dHash per camera id, when the agent already has one (for "view changed"). */
  referenceHashes?: ReadonlyMap<string, string>;
  /** The agent's day/night picture references per camera id, so `--check` judges the picture as the agent does. */
  pictureReferences?: ReadonlyMap<string, PictureReference>;
  now?: () => number;
}

export interface CameraCheckResult {
  target: CameraTarget;
  verdict: CameraVerdict;
  snapshot: { path: string | null; bytes: number; width: number; height: number; note?: string } | { error: string };
}

export interface CheckReportResult {
  cameras: CameraCheckResult[];
  ok: number;
  degraded: number;
  down: number;
}

/**
 * The technician's on-site check (`camwatch-agent --check`): probes every camera deeply,
 * takes a snapshot of each, and prints one block per camera in Vietnamese and English.
 * Cameras are probed concurrently (the prober limits how many at once) and printed in order.
 */
export async function runCheckReport(
  targets: readonly CameraTarget[],
  prober: CameraProber,
  out: ReportSink,
  opts: CheckReportOptions = {},
): Promise<CheckReportResult> {
  const now = opts.now ?? Date.now;
  const signal = opts.signal ?? new AbortController().signal;
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.checkTimeoutMs.value;
  out.write(`${both(LABELS.title)} — ${formatLocalDateTime(now())}\n\n`);
  if (targets.length === 0) out.write(`${both(LABELS.noCameras)}\n`);
  if (opts.snapshotDir) await mkdir(opts.snapshotDir, { recursive: true });

  // Settled up front, so a cancellation seen on one camera does not leave the others' rejections unhandled.
  const pending = targets.map((target, i) =>
    checkOne(
      target,
      prober,
      {
        signal,
        timeoutMs,
        referenceHash: opts.referenceHashes?.get(target.cameraId) ?? null,
        pictureReference: opts.pictureReferences?.get(target.cameraId) ?? null,
      },
      opts.snapshotDir,
      i,
    ).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    ),
  );
  const cameras: CameraCheckResult[] = [];
  for (const [i, p] of pending.entries()) {
    const settled = await p;
    if ('error' in settled) throw settled.error;
    cameras.push(settled.result);
    out.write(formatCamera(settled.result, i + 1, targets.length));
  }
  const count = (s: CameraVerdict['status']): number => cameras.filter((c) => c.verdict.status === s).length;
  const summary = { ok: count('ok'), degraded: count('degraded'), down: count('down') };
  out.write(
    `${both(LABELS.summary)}: ${summary.ok} ${both(STATUS_TEXT.ok)}, ${summary.degraded} ${both(STATUS_TEXT.degraded)}, ${summary.down} ${both(STATUS_TEXT.down)}\n`,
  );
  return { cameras, ...summary };
}

async function checkOne(
  configured: CameraTarget,
  prober: CameraProber,
  ctx: CheckContext,
  snapshotDir: string | undefined,
  index: number,
): Promise<CameraCheckResult> {
  const verdict = await prober.probe(configured, ctx, true);
  const target = withIdentity(configured, verdict);
  if (verdict.cause === 'unreachable') return { target, verdict, snapshot: { error: causeText('unreachable').en } };
  let shot: CapturedSnapshot;
  try {
    shot = await prober.snapshot(target, ctx);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return { target, verdict, snapshot: { error: redactSecrets(errorMessage(error), [target.password]) } };
  }
  // Ids are validated by the config loader; checked again because this one becomes a file name.
  const path = snapshotDir ? join(snapshotDir, `${isValidId(target.cameraId) ? target.cameraId : `camera-${index + 1}`}.jpg`) : null;
  if (path) await writeFile(path, shot.jpeg);
  return {
    target,
    verdict,
    snapshot: { path, bytes: shot.jpeg.length, width: shot.width, height: shot.height, ...(shot.note ? { note: shot.note } : {}) },
  };
}

/** The maker and model the camera itself reported (ONVIF) replace the configured ones ("unknown" by default). */
function withIdentity(target: CameraTarget, verdict: CameraVerdict): CameraTarget {
  const id = verdict.identity;
  return id ? { ...target, make: id.make, model: id.model, firmware: id.firmware ?? target.firmware } : target;
}

/**
 * Maker and model as the installer should read them. An RTSP-only camera has no ONVIF to name
 * it, and printing the config's placeholders ("unknown unknown") read like a fault.
 */
function identityText(t: CameraTarget): string {
  const known = [t.make, t.model].filter((part) => part !== 'unknown');
  return known.length > 0 ? known.join(' ') : both(VALUES.unknownIdentity);
}

function formatCamera(r: CameraCheckResult, n: number, total: number): string {
  const { target: t, verdict: v } = r;
  const where = endpointOf(t.rtspUrl ?? t.onvifUrl ?? '');
  const lines = [`[${n}/${total}] Camera ${t.cameraId} — ${identityText(t)}${where ? ` (${where.host})` : ''}`];
  const row = (label: { vi: string; en: string }, value: string): void => {
    lines.push(`  ${both(label).padEnd(24)} ${value}`);
  };

  const onvifFailed = v.cause === 'onvif_failing' || (v.cause !== 'clock_skew' && /(^|; )onvif: /.test(v.detail));
  const how = t.onvifUrl ? (onvifFailed ? VALUES.onvifFails : VALUES.onvifAnswers) : VALUES.staticRtsp;
  row(
    LABELS.found,
    v.cause === 'unreachable' ? `${both(VALUES.no)} — ${both(causeText('unreachable'))}` : `${both(VALUES.yes)}, ${both(how)}`,
  );

  const s = v.stream;
  if (s) {
    const kbps = s.bitrateKbps === null ? '' : `, ${Math.round(s.bitrateKbps)} kbps`;
    const low = v.cause === 'low_fps' ? ` — ${both(causeText('low_fps'))}` : '';
    row(LABELS.stream, `${s.codec} ${s.width}x${s.height}, ${s.fps} ${both(VALUES.fps)}${kbps}${low}`);
  } else {
    row(
      LABELS.stream,
      v.cause === 'stream_failing' || v.cause === 'onvif_failing' ? `${both(causeText('stream_failing'))}` : both(VALUES.notChecked),
    );
  }

  const p = v.picture;
  if (!p) row(LABELS.picture, both(VALUES.notChecked));
  else {
    const measures = `${both(VALUES.sharpness)} ${Math.round(p.sharpness)}, ${both(VALUES.brightness)} ${Math.round(p.brightness)}`;
    const fault = v.cause && PICTURE_CAUSES.has(v.cause) ? both(causeText(v.cause)) : both(VALUES.normal);
    row(LABELS.picture, `${fault} (${measures})`);
  }

  const shot = r.snapshot;
  if ('error' in shot) row(LABELS.snapshot, `${both(VALUES.notTaken)}: ${shot.error}`);
  else {
    const size = `${shot.width}x${shot.height}, ${Math.round(shot.bytes / 1024)} kB`;
    row(LABELS.snapshot, shot.path ? `${both(VALUES.saved)}: ${shot.path} (${size})` : `${both(VALUES.taken)} (${size})`);
    if (shot.note) lines.push(`  ${' '.repeat(24)} ${shot.note}`);
  }

  const cause = v.cause ? ` — ${both(causeText(v.cause))}` : '';
  row(LABELS.verdict, `${both(STATUS_TEXT[v.status])}${cause}`);
  if (v.status !== 'ok') lines.push(`  ${v.detail}`);
  return `${lines.join('\n')}\n\n`;
}
