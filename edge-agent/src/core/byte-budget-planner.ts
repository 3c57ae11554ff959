import type { SnapshotMode } from '@camwatch/config';

/**
 * The station's day on a prepaid 4G plan: health, status and events always go; snapshots get what
 * is left. Pure arithmetic, re-planned at every scheduled snapshot, so the plan follows what the
 * day actually cost so far (pro rata: what is left of the budget over what is left of the day).
 */

export interface BudgetPlan {
  mode: SnapshotMode;
  /** Largest snapshot JPEG allowed now. */
  maxBytes: number;
  /** Least time between two scheduled snapshots of one camera. */
  intervalMs: number;
  /** Bytes the day ends on if the plan holds (used + base traffic + planned snapshots). */
  projectedBytes: number;
}

export interface PlanInput {
  budgetBytes: number;
  /** Counted on the socket since local midnight. */
  usedBytes: number;
  msLeftInDay: number;
  cameras: number;
  /** Configured cadence and cap: the plan never exceeds them. */
  intervalMs: number;
  maxBytes: number;
  /** Bytes per ms of everything but snapshots (health, status, events, births, MQTT framing). */
  baseBytesPerMs: number;
  /** What a snapshot has actually cost on average (wire bytes); the cap until one was taken. */
  avgSnapshotBytes: number;
}

/** Topic, metadata and MQTT framing around a snapshot's JPEG (measured about 250 B; generous). */
export const SNAPSHOT_FRAMING_BYTES = 400;
/** Below this a 640-px JPEG is too coarse to see a turned or covered camera: stretch the interval instead. */
export const MIN_SNAPSHOT_BYTES = 12_000;
/** Kept back for what the agent does not count or plan: downlink PUBACKs and commands, reconnect bursts, on-change shots. */
export const RESERVE_SHARE = 0.05;
/** Sparser than this, scheduled snapshots stop: on change and on command only. */
export const MAX_REDUCED_INTERVAL_MS = 4 * 3_600_000;

export function planSnapshots(p: PlanInput): BudgetPlan {
  const baseNeed = p.baseBytesPerMs * p.msLeftInDay;
  const allowance = p.budgetBytes * (1 - RESERVE_SHARE) - p.usedBytes - baseNeed;
  const shotsLeft = p.cameras > 0 ? (p.cameras * p.msLeftInDay) / p.intervalMs : 0;
  const plan = (mode: SnapshotMode, maxBytes: number, intervalMs: number, shotBytes: number): BudgetPlan => {
    const shots = mode === 'on_change' || p.cameras === 0 ? 0 : (p.cameras * p.msLeftInDay) / intervalMs;
    return {
      mode,
      maxBytes: Math.floor(maxBytes),
      intervalMs: Math.ceil(intervalMs),
      projectedBytes: Math.round(p.usedBytes + baseNeed + shots * shotBytes),
    };
  };
  const fullShot = Math.min(p.avgSnapshotBytes, p.maxBytes + SNAPSHOT_FRAMING_BYTES);
  if (shotsLeft === 0 || allowance >= shotsLeft * fullShot) return plan('full', p.maxBytes, p.intervalMs, fullShot);
  if (allowance <= 0) return plan('on_change', MIN_SNAPSHOT_BYTES, MAX_REDUCED_INTERVAL_MS, 0);
  const perShot = allowance / shotsLeft - SNAPSHOT_FRAMING_BYTES;
  if (perShot >= MIN_SNAPSHOT_BYTES) return plan('reduced', Math.min(perShot, p.maxBytes), p.intervalMs, perShot + SNAPSHOT_FRAMING_BYTES);
  const shotBytes = MIN_SNAPSHOT_BYTES + SNAPSHOT_FRAMING_BYTES;
  const intervalMs = (p.cameras * p.msLeftInDay * shotBytes) / allowance;
  if (intervalMs > MAX_REDUCED_INTERVAL_MS) return plan('on_change', MIN_SNAPSHOT_BYTES, MAX_REDUCED_INTERVAL_MS, 0);
  return plan('reduced', MIN_SNAPSHOT_BYTES, intervalMs, shotBytes);
}

/** Health and status at their cadences (measured about 500 B each on the wire), for the first minutes before a rate is observed. */
const MESSAGE_WIRE_BYTES = 700;
/** Observed rates over less than this are too noisy to trust alone. */
const MIN_OBSERVED_MS = 15 * 60_000;

/**
 * Bytes per ms of non-snapshot traffic: what was observed since start, but never below the
 * cadence-based prior (a quiet first quarter hour must not talk the plan into spending all).
 */
export function baseRate(o: {
  nonSnapshotBytes: number;
  observedMs: number;
  cameras: number;
  healthMs: number;
  statusRefreshMs: number;
}): number {
  const prior = MESSAGE_WIRE_BYTES / o.healthMs + (o.cameras * MESSAGE_WIRE_BYTES) / o.statusRefreshMs;
  const observed = Math.max(0, o.nonSnapshotBytes) / Math.max(o.observedMs, MIN_OBSERVED_MS);
  return Math.max(prior, observed);
}
