import type { UptimeAggregate, UptimeFigures } from '@camwatch/config';
import { sumFigures } from './uptime-calculator.ts';

export interface MeasuredCamera {
  cameraId: string;
  stationId: string;
  figures: UptimeFigures;
}

/** Time-weighted totals plus counts; a camera measured in several slices is counted once. */
export function aggregate(items: readonly MeasuredCamera[]): UptimeAggregate {
  const inScope = new Set<string>();
  const observed = new Set<string>();
  const stations = new Set<string>();
  for (const { cameraId, stationId, figures } of items) {
    if (figures.scopeMs > 0) {
      inScope.add(cameraId);
      stations.add(stationId);
    }
    if (figures.observedMs > 0) observed.add(cameraId);
  }
  return { ...sumFigures(items.map((i) => i.figures)), cameras: inScope.size, camerasObserved: observed.size, stations: stations.size };
}

/** Figures without the outage list, for the row types of the API. */
export function figuresOf<T extends UptimeFigures>(r: T): UptimeFigures {
  return {
    scopeMs: r.scopeMs,
    upMs: r.upMs,
    degradedMs: r.degradedMs,
    downMs: r.downMs,
    noDataMs: r.noDataMs,
    unreachableMs: r.unreachableMs,
    unheardMs: r.unheardMs,
    maintenanceMs: r.maintenanceMs,
    observedMs: r.observedMs,
    uptimePct: r.uptimePct,
    availabilityPct: r.availabilityPct,
    coveragePct: r.coveragePct,
    availabilityLossCause: r.availabilityLossCause,
    failures: r.failures,
    resolvedOutages: r.resolvedOutages,
    resolvedOutageMs: r.resolvedOutageMs,
    mttrMs: r.mttrMs,
    mtbfMs: r.mtbfMs,
  };
}
