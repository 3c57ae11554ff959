import { normalize, type Span } from './spans.ts';

/** Camera status as stored in `camera_status_intervals`: the agent's three plus the hub's `unknown`. */
export type IntervalStatus = 'ok' | 'degraded' | 'down' | 'unknown';

/** One row of `camera_status_intervals`, times in epoch ms; `endedAt: null` = still open. */
export interface StatusInterval {
  status: IntervalStatus;
  cause: string | null;
  startedAt: number;
  endedAt: number | null;
}

/** A run of touching `down` intervals: one outage, whatever causes it went through. */
export interface DownRun {
  startedAt: number;
  /** null while the last interval of the run is open. */
  endedAt: number | null;
  /** Where the run stops counting: `endedAt`, or for an open run the moment we stop knowing. */
  effectiveEnd: number;
  causes: string[];
}

/** A camera's status history made non-overlapping, split by what each status counts as. */
export interface Timeline {
  up: Span[];
  degraded: Span[];
  down: Span[];
  /** Unknown because the station was out of contact (Last Will or the hub's timeout): not the camera's fault. */
  unreachable: Span[];
  runs: DownRun[];
}

/** The cause the hub gives a camera's `unknown` interval while its station is offline (status-rules.ts). */
export const STATION_OFFLINE_CAUSE = 'station_offline';

/**
 * Builds the timeline from raw intervals. Two rules make bad input harmless:
 * - an open interval (ended_at null) lasts until `openUntil` (now, or when the station went
 *   offline and stayed offline: past that nothing is known, so it is no data, not downtime);
 * - the open `unknown` interval of a station that is still offline lasts until `asOf`: that the
 *   station is not there is known (the hub is listening: see `unheard` in the calculator);
 * - intervals are taken in start order and each ends no later than the next one starts,
 *   because a newer status supersedes an older one (an interval the builder forgot to close
 *   cannot count twice).
 */
export function buildTimeline(intervals: readonly StatusInterval[], openUntil: number, asOf: number = openUntil): Timeline {
  const sorted = [...intervals].sort((a, b) => a.startedAt - b.startedAt);
  const up: Span[] = [];
  const degraded: Span[] = [];
  const down: Span[] = [];
  const unreachable: Span[] = [];
  const runs: DownRun[] = [];
  sorted.forEach((iv, i) => {
    const next = sorted[i + 1];
    const offline = iv.status === 'unknown' && iv.cause === STATION_OFFLINE_CAUSE;
    const ownEnd = iv.endedAt ?? Math.max(iv.startedAt, offline ? asOf : openUntil);
    const end = next ? Math.min(ownEnd, next.startedAt) : ownEnd;
    if (end <= iv.startedAt) return;
    const span = { start: iv.startedAt, end };
    if (iv.status === 'ok' || iv.status === 'degraded') up.push(span);
    if (iv.status === 'degraded') degraded.push(span);
    if (offline) unreachable.push(span);
    if (iv.status !== 'down') return;
    down.push(span);
    // A truncated interval ended when its successor started; only an untruncated open one is ongoing.
    const endedAt = iv.endedAt === null && end === ownEnd ? null : end;
    const last = runs[runs.length - 1];
    if (last && last.endedAt === iv.startedAt) {
      last.endedAt = endedAt;
      last.effectiveEnd = end;
      if (iv.cause !== null && !last.causes.includes(iv.cause)) last.causes.push(iv.cause);
    } else {
      runs.push({ startedAt: iv.startedAt, endedAt, effectiveEnd: end, causes: iv.cause === null ? [] : [iv.cause] });
    }
  });
  return { up: normalize(up), degraded: normalize(degraded), down: normalize(down), unreachable: normalize(unreachable), runs };
}
