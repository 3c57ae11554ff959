import type { OutageTimes, UptimeFigures } from '@camwatch/config';
import { contains, endsWithin, intersect, normalize, subtract, total, type Span } from './spans.ts';
import { buildTimeline, type StatusInterval, type Timeline } from './status-timeline.ts';

/**
 * The uptime maths, in one place. Everything the hub reports (camera, station, unit, series)
 * is this function applied per camera and then summed by `sumFigures`; SQL only selects and
 * clips rows. Rules, in order of precedence for every millisecond of [from, to):
 * 1. out of scope (neither observed nor missing): before install, after retirement, after
 *    `asOf` (the future), or outside `within` (the time a moved station belonged elsewhere);
 * 2. maintenance: excluded from both up and down time;
 * 3. the hub was not listening (`unheard`: a gap between its recorded heard spans): no data, and
 *    it lowers data coverage only: the hub's own outage is never blamed on a camera or station;
 * 4. the camera's status: ok and degraded are up (a picture is delivered; degraded is also
 *    reported on its own), down is down (a camera fault), unknown because the station was
 *    offline is *station unreachable*, any other unknown is no data;
 * 5. no interval at all: no data. Missing data is never downtime.
 * Uptime (`uptimePct`) is the camera's uptime while reachable: up ÷ (up + down). Availability
 * is what the police could use: up ÷ (up + down + unreachable); a dark station counts against it.
 * Outages are runs of touching down intervals. MTTR averages their wall-clock durations
 * (maintenance inside included: it is how long the camera was broken), MTBF = up ÷ failures.
 */
export interface CameraUptimeInput {
  from: number;
  to: number;
  /** Now: open intervals end here, and later time is not yet observable. */
  asOf: number;
  installedAt: number | null;
  retiredAt: number | null;
  /** Start of the station's current offline spell; open intervals stop being trusted there. */
  stationOfflineSince?: number | null;
  /** Spans this camera counts for (a moved station's time in one unit); absent = all of it. */
  within?: readonly Span[] | null;
  intervals: readonly StatusInterval[];
  maintenance: readonly Span[];
  /** When the hub (every hub) was not listening; absent = always listening. */
  unheard?: readonly Span[];
}

export interface CameraUptimeResult extends UptimeFigures {
  outages: OutageTimes[];
}

/** The spans of [from, to) this camera is accountable for (rule 1). */
export function cameraScope(input: Omit<CameraUptimeInput, 'intervals' | 'maintenance' | 'unheard'>): Span[] {
  const start = Math.max(input.from, input.installedAt ?? -Infinity);
  const end = Math.min(input.to, input.retiredAt ?? Infinity, input.asOf);
  const base = normalize([{ start, end }]);
  return input.within ? intersect(base, normalize(input.within)) : base;
}

export function openIntervalsUntil(input: Pick<CameraUptimeInput, 'asOf' | 'stationOfflineSince'>): number {
  return Math.min(input.asOf, input.stationOfflineSince ?? Infinity);
}

export function computeCameraUptime(input: CameraUptimeInput): CameraUptimeResult {
  const timeline = buildTimeline(input.intervals, openIntervalsUntil(input), input.asOf);
  return measure(timeline, cameraScope(input), input.maintenance, input.unheard ?? []);
}

/** Measures a prebuilt timeline over a scope; the daily series reuses one timeline per camera. */
export function measure(
  timeline: Timeline,
  scope: readonly Span[],
  maintenance: readonly Span[],
  unheard: readonly Span[] = [],
): CameraUptimeResult {
  const allMaint = normalize(maintenance);
  const maint = intersect(scope, allMaint);
  const accountable = subtract(scope, maint);
  const deaf = unheard.length ? intersect(accountable, normalize(unheard)) : [];
  const counted = deaf.length ? subtract(accountable, deaf) : accountable;
  const upMs = total(intersect(timeline.up, counted));
  const downMs = total(intersect(timeline.down, counted));
  const scopeMs = total(scope);
  const maintenanceMs = total(maint);
  const outages: OutageTimes[] = [];
  let failures = 0;
  let resolvedOutages = 0;
  let resolvedOutageMs = 0;
  const first = scope[0]?.start ?? Infinity;
  const last = scope[scope.length - 1]?.end ?? -Infinity;
  for (const run of timeline.runs) {
    if (run.effectiveEnd <= first || run.startedAt >= last) continue; // the daily series measures many small scopes
    const durationMs = run.effectiveEnd - run.startedAt;
    const downMsInRange = total(intersect([{ start: run.startedAt, end: run.effectiveEnd }], counted));
    if (downMsInRange > 0)
      outages.push({
        startedAt: run.startedAt,
        endedAt: run.endedAt,
        durationMs,
        downMsInRange,
        cause: run.causes[0] ?? null,
        causes: run.causes,
      });
    // A failure belongs to the scope where it starts, a repair to the one where it ends, and an
    // outage that began inside maintenance is neither: decided from its two ends alone, the
    // counts of the days of a month add up to the month's.
    if (contains(allMaint, run.startedAt)) continue;
    if (contains(scope, run.startedAt)) failures++;
    if (run.endedAt !== null && endsWithin(scope, run.endedAt)) {
      resolvedOutages++;
      resolvedOutageMs += durationMs;
    }
  }
  // Built in place: object spreads here dominated the daily series' CPU profile.
  const result = finish({
    scopeMs,
    upMs,
    degradedMs: total(intersect(timeline.degraded, counted)),
    downMs,
    noDataMs: scopeMs - maintenanceMs - upMs - downMs,
    unreachableMs: total(intersect(timeline.unreachable, counted)),
    unheardMs: total(deaf),
    maintenanceMs,
    failures,
    resolvedOutages,
    resolvedOutageMs,
  }) as CameraUptimeResult;
  result.outages = outages;
  return result;
}

/** The additive part of the figures: everything else is derived from these by `finish`. */
export type Sums = Omit<
  UptimeFigures,
  'observedMs' | 'uptimePct' | 'mttrMs' | 'mtbfMs' | 'availabilityPct' | 'coveragePct' | 'availabilityLossCause'
>;

const ZERO: Sums = {
  scopeMs: 0,
  upMs: 0,
  degradedMs: 0,
  downMs: 0,
  noDataMs: 0,
  unreachableMs: 0,
  unheardMs: 0,
  maintenanceMs: 0,
  failures: 0,
  resolvedOutages: 0,
  resolvedOutageMs: 0,
};

/** Derived ratios from sums: the one place where percentages, MTTR and MTBF are computed. */
export function finish(s: Sums): UptimeFigures {
  const observedMs = s.upMs + s.downMs;
  const usableMs = observedMs + s.unreachableMs;
  const accountableMs = s.scopeMs - s.maintenanceMs;
  return {
    scopeMs: s.scopeMs,
    upMs: s.upMs,
    degradedMs: s.degradedMs,
    downMs: s.downMs,
    noDataMs: s.noDataMs,
    unreachableMs: s.unreachableMs,
    unheardMs: s.unheardMs,
    maintenanceMs: s.maintenanceMs,
    failures: s.failures,
    resolvedOutages: s.resolvedOutages,
    resolvedOutageMs: s.resolvedOutageMs,
    observedMs,
    uptimePct: observedMs > 0 ? (s.upMs / observedMs) * 100 : null,
    availabilityPct: usableMs > 0 ? (s.upMs / usableMs) * 100 : null,
    coveragePct: accountableMs > 0 ? Math.min(100, (usableMs / accountableMs) * 100) : null,
    // Whichever took more of the lost time: the police need to know whom to call (the SIM, the power, or the camera).
    availabilityLossCause:
      s.unreachableMs > 0 && s.unreachableMs >= s.downMs ? 'station_unreachable' : s.downMs > 0 ? 'camera_fault' : null,
    mttrMs: s.resolvedOutages > 0 ? s.resolvedOutageMs / s.resolvedOutages : null,
    mtbfMs: s.failures > 0 ? s.upMs / s.failures : null,
  };
}

/** Time-weighted aggregate: sums of times and counts, then the same ratios (never a mean of percentages). */
export function sumFigures(parts: readonly Sums[]): UptimeFigures {
  const s = { ...ZERO };
  for (const p of parts) for (const k of Object.keys(ZERO) as (keyof Sums)[]) s[k] += p[k];
  return finish(s);
}
