import type { InvestigationShares, InvestigationSpan, InvestigationSpanStatus } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { cameraScope, measure, openIntervalsUntil } from '../uptime/uptime-calculator.ts';
import { loadInputs } from '../uptime/uptime-inputs.ts';
import { UptimeRepository, type CameraSlice } from '../uptime/uptime-repository.ts';
import { buildTimeline } from '../uptime/status-timeline.ts';
import { intersect, normalize, subtract, type Span } from '../uptime/spans.ts';
import type { UptimeRange } from '../uptime/uptime-range.ts';

export interface WindowStatus {
  shares: InvestigationShares;
  availabilityPct: number | null;
  spans: InvestigationSpan[];
}

/**
 * Each camera's status over the window, from the stored timeline with the uptime module's own
 * rules (timeline, scope, maintenance, time no hub was listening): the case file and the uptime
 * reports can never disagree about the same hours.
 */
export async function windowStatus(
  db: Db,
  cameraIds: readonly string[],
  window: UptimeRange,
  asOf: number,
): Promise<Map<string, WindowStatus>> {
  const out = new Map<string, WindowStatus>();
  if (cameraIds.length === 0) return out;
  const repo = new UptimeRepository(db);
  const slices: CameraSlice[] = [];
  for (const id of cameraIds) slices.push(...(await repo.cameraSlices({ kind: 'camera', id }, window)));
  const inputs = await loadInputs(repo, slices, window);
  const length = window.to - window.from;
  for (const slice of slices) {
    const timeline = buildTimeline(
      inputs.intervals.get(slice.cameraId) ?? [],
      openIntervalsUntil({ asOf, stationOfflineSince: slice.stationOfflineSince }),
      asOf,
    );
    const scope = cameraScope({ ...slice, from: window.from, to: window.to, asOf });
    const maintenance = inputs.maintenance.get(slice.stationId) ?? [];
    const f = measure(timeline, scope, maintenance, inputs.unheard);
    // The spans shown are those the figures counted: in scope, outside maintenance, while a hub listened.
    const maint = intersect(scope, normalize(maintenance));
    const counted = subtract(subtract(scope, maint), normalize(inputs.unheard));
    const spans: InvestigationSpan[] = [];
    const add = (list: readonly Span[], status: InvestigationSpanStatus) => {
      for (const s of list) spans.push({ start: s.start, end: s.end, status });
    };
    add(intersect(subtract(timeline.up, timeline.degraded), counted), 'ok');
    add(intersect(timeline.degraded, counted), 'degraded');
    add(intersect(timeline.down, counted), 'down');
    add(intersect(timeline.unreachable, counted), 'unreachable');
    add(maint, 'maintenance');
    spans.sort((a, b) => a.start - b.start);
    const share = (ms: number) => (length > 0 ? ms / length : 0);
    const okMs = f.upMs - f.degradedMs;
    const known = okMs + f.degradedMs + f.downMs + f.unreachableMs + f.maintenanceMs;
    out.set(slice.cameraId, {
      shares: {
        ok: share(okMs),
        degraded: share(f.degradedMs),
        down: share(f.downMs),
        unreachable: share(f.unreachableMs),
        maintenance: share(f.maintenanceMs),
        noData: share(Math.max(0, length - known)),
      },
      availabilityPct: f.availabilityPct,
      spans: spans.filter((s) => s.end > s.start),
    });
  }
  return out;
}
