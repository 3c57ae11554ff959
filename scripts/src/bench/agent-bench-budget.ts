import { DEFAULTS, type SnapshotMode } from '@camwatch/config';
import { planSnapshots, SNAPSHOT_FRAMING_BYTES } from '@camwatch/edge-agent';
import { dailyBytes, type Cadence, type KindStats } from './agent-traffic-model.ts';

export interface PlannedDay {
  mode: SnapshotMode;
  /** The budget's snapshot cap and interval for the whole day. */
  maxBytes: number;
  intervalMs: number;
  /** Bytes/day as configured (no budget), by the traffic model. */
  unplannedMb: number;
  /** Bytes/day with the agent's budget plan applied from midnight. */
  plannedMb: number;
}

/**
 * A whole day of a station as the agent's budget planner would plan it at midnight, from the
 * message sizes measured in the run: base traffic (health, status refreshes, keepalive) always
 * goes; snapshots get what the plan allows, at most their measured size or the plan's cap.
 * `snapshotBytes` overrides the measured snapshot size (e.g. the cap, for the worst case).
 */
export function plannedDay(
  sizes: Record<string, KindStats | undefined>,
  cadence: Cadence,
  budgetBytes: number,
  snapshotBytes?: number,
): PlannedDay {
  const measured = sizes.snapshot?.avgWireBytes;
  if (measured === undefined) throw new Error('no snapshot was measured; run longer');
  const shot = snapshotBytes ?? measured;
  const unplanned = dailyBytes({ ...sizes, snapshot: { count: 1, avgWireBytes: shot } }, cadence);
  const base = unplanned.total - unplanned.snapshot;
  const day = 86_400_000;
  const plan = planSnapshots({
    budgetBytes,
    usedBytes: 0,
    msLeftInDay: day,
    cameras: cadence.cameras,
    intervalMs: cadence.snapshotMs,
    maxBytes: DEFAULTS.snapshotMaxBytes.value,
    baseBytesPerMs: base / day,
    avgSnapshotBytes: shot,
  });
  // A JPEG fitted to the plan's cap is at most the cap plus its topic, metadata and framing.
  const perShot = Math.min(shot, plan.maxBytes + SNAPSHOT_FRAMING_BYTES);
  const shots = plan.mode === 'on_change' ? 0 : (cadence.cameras * day) / plan.intervalMs;
  return {
    mode: plan.mode,
    maxBytes: plan.maxBytes,
    intervalMs: plan.intervalMs,
    unplannedMb: unplanned.total / 1e6,
    plannedMb: (base + shots * perShot) / 1e6,
  };
}
