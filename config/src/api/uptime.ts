import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CameraId, StationId, UnitId } from '../ids.ts';

/**
 * Results of the hub's uptime maths (issue 3, item 5), shared by the hub's UptimeService and
 * the HTTP API so both speak one shape. Times are epoch ms; durations are ms; calendar
 * periods are local days in Asia/Ho_Chi_Minh.
 *
 * Uptime = up ÷ observed. ok and degraded are up, down is down; time with no data (status
 * unknown, no interval, station offline with nothing replayed) and maintenance are neither.
 * Aggregates are time-weighted: Σup ÷ Σobserved over cameras, never a mean of percentages.
 */
const strict = { additionalProperties: false } as const;
const orNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const ms = (description: string) => Type.Number({ minimum: 0, description });
const count = (description: string) => Type.Integer({ minimum: 0, description });
const Ts = Type.Integer({ description: 'Epoch milliseconds' });

export const UPTIME_PERIODS = ['day', 'week', 'month', 'custom'] as const;
export type UptimePeriod = (typeof UPTIME_PERIODS)[number];

/** Query string of every uptime endpoint: which range. Weeks run Monday to Sunday. */
export const UptimeRangeQuery = Type.Object(
  {
    period: Type.Union(UPTIME_PERIODS.map((p) => Type.Literal(p))),
    date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Local day (period day or week), yyyy-MM-dd' })),
    month: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'Local month (period month), yyyy-MM' })),
    from: Type.Optional(Type.Integer({ minimum: 0, description: 'Start, epoch ms, included (period custom)' })),
    to: Type.Optional(Type.Integer({ minimum: 0, description: 'End, epoch ms, excluded (period custom)' })),
  },
  strict,
);
export type UptimeRangeQuery = Static<typeof UptimeRangeQuery>;

/**
 * How a station that moved between units is counted: `historical` = each moment in the unit
 * it belonged to then (station_unit_history), `current` = all of it in today's unit.
 */
export const UNIT_ATTRIBUTIONS = ['historical', 'current'] as const;
export type UnitAttribution = (typeof UNIT_ATTRIBUTIONS)[number];
export const UnitAttributionValue = Type.Union(UNIT_ATTRIBUTIONS.map((a) => Type.Literal(a)));

const figureProps = {
  scopeMs: ms('Time accountable: up + down + noData + maintenance (excludes before install, after retirement, the future)'),
  upMs: ms('ok or degraded'),
  degradedMs: ms('The part of upMs spent degraded'),
  downMs: ms('down, maintenance excluded'),
  noDataMs: ms('unknown status, no interval, station offline with nothing replayed, hub not listening: not downtime'),
  unreachableMs: ms('The part of noDataMs the station was out of contact (Last Will or timeout) while the hub was listening'),
  unheardMs: ms('The part of noDataMs the hub itself was not listening (no hub heard anything): lowers coverage only'),
  maintenanceMs: ms('Inside a maintenance window: neither up nor down'),
  observedMs: ms('upMs + downMs'),
  uptimePct: orNull(
    Type.Number({
      minimum: 0,
      maximum: 100,
      description: 'Camera uptime while reachable: upMs ÷ observedMs × 100; null when nothing was observed',
    }),
  ),
  availabilityPct: orNull(
    Type.Number({
      minimum: 0,
      maximum: 100,
      description: 'What the police could use: upMs ÷ (observedMs + unreachableMs) × 100; a dark station counts against it',
    }),
  ),
  coveragePct: orNull(
    Type.Number({
      minimum: 0,
      maximum: 100,
      description: 'Data coverage: (observedMs + unreachableMs) ÷ (scopeMs − maintenanceMs) × 100; the hub not listening lowers it',
    }),
  ),
  availabilityLossCause: orNull(
    Type.Union([Type.Literal('station_unreachable'), Type.Literal('camera_fault')], {
      description: 'What took more of the unavailable time: the station out of contact, or the camera down',
    }),
  ),
  failures: count('Outages that started in the range (one that began inside maintenance is not a failure)'),
  resolvedOutages: count('Outages that ended in the range (same exception)'),
  resolvedOutageMs: ms('Summed wall-clock durations of those outages'),
  mttrMs: orNull(ms('Mean time to repair: resolvedOutageMs ÷ resolvedOutages')),
  mtbfMs: orNull(ms('Mean time between failures: upMs ÷ failures')),
};
export const UptimeFigures = Type.Object(figureProps, strict);
export type UptimeFigures = Static<typeof UptimeFigures>;

const outageTimeProps = {
  startedAt: Ts,
  endedAt: orNull(Type.Integer({ description: 'null = not known to have ended (still down, or the station went quiet while down)' })),
  durationMs: ms('Wall clock from start to end (or to now), not clipped to the range; what MTTR averages'),
  downMsInRange: ms('Down time of this outage counted in the range (clipped, maintenance excluded)'),
  cause: orNull(Type.String({ description: 'Cause of the first interval of the outage' })),
  causes: Type.Array(Type.String(), { description: 'Every cause the outage went through, in order' }),
};
/** One outage: touching down intervals merged, whatever their causes. */
export const Outage = Type.Object({ cameraId: CameraId, stationId: StationId, ...outageTimeProps }, strict);
export type Outage = Static<typeof Outage>;
export type OutageTimes = Omit<Outage, 'cameraId' | 'stationId'>;

export const CameraUptimeRow = Type.Object({ cameraId: CameraId, stationId: StationId, ...figureProps }, strict);
export type CameraUptimeRow = Static<typeof CameraUptimeRow>;

export const CameraUptime = Type.Object(
  {
    cameraId: CameraId,
    stationId: StationId,
    from: Ts,
    to: Ts,
    ...figureProps,
    outages: Type.Array(Outage),
  },
  strict,
);
export type CameraUptime = Static<typeof CameraUptime>;

const aggregateProps = {
  ...figureProps,
  cameras: count('Cameras with time in scope'),
  camerasObserved: count('Cameras with observed time'),
  stations: count('Stations with time in scope'),
};
export const UptimeAggregate = Type.Object(aggregateProps, strict);
export type UptimeAggregate = Static<typeof UptimeAggregate>;

export const StationUptime = Type.Object(
  {
    stationId: StationId,
    from: Ts,
    to: Ts,
    total: UptimeAggregate,
    cameras: Type.Array(CameraUptimeRow),
  },
  strict,
);
export type StationUptime = Static<typeof StationUptime>;

export const UnitUptime = Type.Object(
  {
    unitId: UnitId,
    from: Ts,
    to: Ts,
    attribution: UnitAttributionValue,
    total: UptimeAggregate,
  },
  strict,
);
export type UnitUptime = Static<typeof UnitUptime>;

export const UnitBreakdownRow = Type.Object(
  {
    unitId: UnitId,
    name: Type.String(),
    kind: Type.String(),
    ...aggregateProps,
  },
  strict,
);
export type UnitBreakdownRow = Static<typeof UnitBreakdownRow>;

/** The report table: one row per direct child unit (its whole subtree), plus the unit's own stations. */
export const UnitBreakdown = Type.Object(
  {
    unitId: UnitId,
    name: Type.String(),
    kind: Type.String(),
    from: Ts,
    to: Ts,
    attribution: UnitAttributionValue,
    total: UptimeAggregate,
    direct: orNull(UptimeAggregate),
    children: Type.Array(UnitBreakdownRow),
  },
  strict,
);
export type UnitBreakdown = Static<typeof UnitBreakdown>;

export const UptimeScope = Type.Union([
  Type.Object({ kind: Type.Literal('camera'), id: CameraId }, strict),
  Type.Object({ kind: Type.Literal('station'), id: StationId }, strict),
  Type.Object({ kind: Type.Literal('unit'), id: UnitId, attribution: Type.Optional(UnitAttributionValue) }, strict),
]);
export type UptimeScope = Static<typeof UptimeScope>;

export const OutageList = Type.Object({ from: Ts, to: Ts, outages: Type.Array(Outage) }, strict);
export type OutageList = Static<typeof OutageList>;

export const UptimeSeriesPoint = Type.Object(
  { date: Type.String({ description: 'Local day, yyyy-MM-dd' }), from: Ts, to: Ts, ...aggregateProps },
  strict,
);
export type UptimeSeriesPoint = Static<typeof UptimeSeriesPoint>;

/** Uptime per local day, for charts; days are clipped to the range. */
export const UptimeSeries = Type.Object({ from: Ts, to: Ts, points: Type.Array(UptimeSeriesPoint) }, strict);
export type UptimeSeries = Static<typeof UptimeSeries>;
