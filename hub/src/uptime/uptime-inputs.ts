import { computeCameraUptime, type CameraUptimeResult } from './uptime-calculator.ts';
import type { CameraSlice, UptimeRepository } from './uptime-repository.ts';
import type { UptimeRange } from './uptime-range.ts';
import type { StatusInterval } from './status-timeline.ts';
import type { Span } from './spans.ts';

/** What the maths needs besides the slices: status intervals per camera, maintenance per station. */
export interface UptimeInputs {
  intervals: Map<string, StatusInterval[]>;
  maintenance: Map<string, Span[]>;
  /** When no hub was listening (the gaps between recorded heard spans), over the range. */
  unheard: Span[];
}

/**
 * Loads the inputs of `slices` over `range`. Maintenance is read back to the earliest outage
 * loaded, not just to `from`: whether an outage began inside maintenance (then it is neither a
 * failure nor a repair) must not depend on where the range starts, or day figures would not add
 * up to the month's.
 */
export async function loadInputs(repo: UptimeRepository, slices: readonly CameraSlice[], range: UptimeRange): Promise<UptimeInputs> {
  const cameraIds = [...new Set(slices.map((s) => s.cameraId))];
  const stationIds = [...new Set(slices.map((s) => s.stationId))];
  const intervals = await repo.intervals(cameraIds, range);
  let from = range.from;
  for (const list of intervals.values()) for (const iv of list) if (iv.status === 'down' && iv.startedAt < from) from = iv.startedAt;
  const maintenance = await repo.maintenance(stationIds, { from, to: range.to });
  const unheard = slices.length ? await repo.unheard(range) : [];
  return { intervals, maintenance, unheard };
}

export function measureSlice(inputs: UptimeInputs, slice: CameraSlice, range: UptimeRange, asOf: number): CameraUptimeResult {
  return computeCameraUptime({
    ...slice,
    from: range.from,
    to: range.to,
    asOf,
    intervals: inputs.intervals.get(slice.cameraId) ?? [],
    maintenance: inputs.maintenance.get(slice.stationId) ?? [],
    unheard: inputs.unheard,
  });
}
