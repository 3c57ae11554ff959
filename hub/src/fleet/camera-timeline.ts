import type { CameraTimeline, TimelineRange } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { cameraScope, measure, openIntervalsUntil } from '../uptime/uptime-calculator.ts';
import { UptimeRepository } from '../uptime/uptime-repository.ts';
import { buildTimeline } from '../uptime/status-timeline.ts';
import { asCause } from './fleet-read-repository.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SPAN: Record<TimelineRange, { length: number; bucket: number }> = {
  '24h': { length: DAY, bucket: HOUR },
  '7d': { length: 7 * DAY, bucket: DAY },
  '30d': { length: 30 * DAY, bucket: DAY },
};

/**
 * A camera's status intervals over the last 24 h / 7 d / 30 d and its uptime per bucket. The
 * figures come from the uptime module's own maths (timeline, scope, maintenance), applied to
 * each bucket, so the chart and the reports can never disagree.
 */
export async function cameraTimeline(db: Db, cameraId: string, range: TimelineRange, now: number): Promise<CameraTimeline | null> {
  const { length, bucket } = SPAN[range];
  // Buckets end on a whole hour so that the chart does not shift with every request.
  const to = Math.ceil(now / HOUR) * HOUR;
  const from = to - length;
  const repo = new UptimeRepository(db);
  const [slice] = await repo.cameraSlices({ kind: 'camera', id: cameraId }, { from, to });
  if (!slice) return null;
  const intervals = (await repo.intervals([cameraId], { from, to })).get(cameraId) ?? [];
  const maintenance = (await repo.maintenance([slice.stationId], { from, to })).get(slice.stationId) ?? [];
  const unheard = await repo.unheard({ from, to });
  const timeline = buildTimeline(intervals, openIntervalsUntil({ asOf: now, stationOfflineSince: slice.stationOfflineSince }), now);
  const figures = (a: number, b: number) => measure(timeline, cameraScope({ ...slice, from: a, to: b, asOf: now }), maintenance, unheard);
  const buckets = [];
  for (let start = from; start < to; start += bucket)
    buckets.push({ start, end: start + bucket, uptimePct: figures(start, start + bucket).uptimePct });
  const whole = figures(from, to);
  const until = openIntervalsUntil({ asOf: now, stationOfflineSince: slice.stationOfflineSince });
  return {
    cameraId,
    from,
    to,
    intervals: intervals
      .map((iv) => ({
        start: Math.max(iv.startedAt, from),
        end: Math.min(iv.endedAt ?? Math.max(iv.startedAt, until), to),
        status: iv.status,
        cause: asCause(iv.cause),
      }))
      .filter((iv) => iv.end > iv.start),
    buckets,
    uptimePct: whole.uptimePct,
    availabilityPct: whole.availabilityPct,
    coveragePct: whole.coveragePct,
    availabilityLossCause: whole.availabilityLossCause,
  };
}

/** The camera timeline as the API serves it, bound to the hub's database by the composition root. */
export class CameraTimelineService {
  constructor(private readonly db: Db) {}

  /** null: no such camera. */
  of(cameraId: string, range: TimelineRange, now = Date.now()): Promise<CameraTimeline | null> {
    return cameraTimeline(this.db, cameraId, range, now);
  }
}
