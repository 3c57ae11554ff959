import type { UptimeAggregate, UptimeFigures } from '@camwatch/config';
import { finish } from './uptime-calculator.ts';
import type { Db } from '../db/db.ts';
import { SUBTREE } from './uptime-repository.ts';

type Sums = Pick<
  UptimeFigures,
  | 'scopeMs'
  | 'upMs'
  | 'degradedMs'
  | 'downMs'
  | 'noDataMs'
  | 'unreachableMs'
  | 'unheardMs'
  | 'maintenanceMs'
  | 'failures'
  | 'resolvedOutages'
  | 'resolvedOutageMs'
>;

/** One camera's figures for one local day while its station was in one unit. */
export interface DayRow extends Sums {
  cameraId: string;
  day: string;
  unitId: string;
  stationId: string;
  /** Exactly one row per camera-day has it: days present = rows with it. */
  firstPart: boolean;
}

/** Sums of a camera's day rows for one unit over a run of days. */
export interface DaySums extends Sums {
  cameraId: string;
  unitId: string;
  days: number;
}

interface SumRow {
  camera_id: string;
  unit_id: string;
  days: number;
}

interface FigureRow {
  scope_ms: number;
  up_ms: number;
  degraded_ms: number;
  down_ms: number;
  no_data_ms: number;
  unreachable_ms: number;
  unheard_ms: number;
  maintenance_ms: number;
  failures: number;
  resolved_outages: number;
  resolved_outage_ms: number;
}

function toSums(r: FigureRow): Sums {
  return {
    scopeMs: r.scope_ms,
    upMs: r.up_ms,
    degradedMs: r.degraded_ms,
    downMs: r.down_ms,
    noDataMs: r.no_data_ms,
    unreachableMs: r.unreachable_ms,
    unheardMs: r.unheard_ms,
    maintenanceMs: r.maintenance_ms,
    failures: r.failures,
    resolvedOutages: r.resolved_outages,
    resolvedOutageMs: r.resolved_outage_ms,
  };
}

const FIELDS: Record<(typeof FIGURE_COLUMNS)[number], keyof Sums> = {
  scope_ms: 'scopeMs',
  up_ms: 'upMs',
  degraded_ms: 'degradedMs',
  down_ms: 'downMs',
  no_data_ms: 'noDataMs',
  unreachable_ms: 'unreachableMs',
  unheard_ms: 'unheardMs',
  maintenance_ms: 'maintenanceMs',
  failures: 'failures',
  resolved_outages: 'resolvedOutages',
  resolved_outage_ms: 'resolvedOutageMs',
};

/** The only code that reads or writes camera_uptime_days and camera_uptime_epochs. */
export class UptimeDaysRepository {
  constructor(private readonly db: Db) {}

  /** Day rows of `cameraIds` for days [fromDay, toDay), summed per camera and unit. */
  async sums(cameraIds: readonly string[], fromDay: string, toDay: string): Promise<DaySums[]> {
    if (cameraIds.length === 0) return [];
    const { rows } = await this.db.query<SumRow & FigureRow>(DAY_SUMS, [cameraIds, fromDay, toDay]);
    return rows.map((r) => ({ cameraId: r.camera_id, unitId: r.unit_id, days: r.days, ...toSums(r) }));
  }

  /** local date → how many of `cameraIds` have that day's rows. */
  async daysPresent(cameraIds: readonly string[], fromDay: string, toDay: string): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ day: string; n: number }>(DAYS_PRESENT, [cameraIds, fromDay, toDay]);
    return new Map(rows.map((r) => [r.day, r.n]));
  }

  /** local date → the aggregate of `cameraIds` that day, only rows of `unitIds` when given. */
  async dayAggregates(
    cameraIds: readonly string[],
    fromDay: string,
    toDay: string,
    unitIds: readonly string[] | null,
  ): Promise<Map<string, UptimeAggregate>> {
    const { rows } = await this.db.query<FigureRow & { day: string; cameras: number; cameras_observed: number; stations: number }>(
      DAY_AGGREGATES,
      [cameraIds, fromDay, toDay, unitIds],
    );
    return new Map(
      rows.map((r) => [r.day, { ...finish(toSums(r)), cameras: r.cameras, camerasObserved: r.cameras_observed, stations: r.stations }]),
    );
  }

  /** unit id → the direct child of `unitId` whose subtree holds it (the unit itself for its own). */
  async subtreeGroups(unitId: string): Promise<Map<string, string>> {
    const { rows } = await this.db.query<{ id: string; group_id: string }>(SUBTREE_GROUPS, [unitId]);
    return new Map(rows.map((r) => [r.id, r.group_id]));
  }

  async ensureEpochs(): Promise<void> {
    await this.db.query(ENSURE_EPOCHS);
  }

  async missingCameras(db: Db, dayStart: number, day: string): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(MISSING_CAMERAS, [new Date(dayStart).toISOString(), day]);
    return rows.map((r) => r.id);
  }

  async stillMissing(tx: Db, cameraIds: readonly string[], day: string): Promise<string[]> {
    const { rows } = await tx.query<{ id: string }>(STILL_MISSING, [cameraIds, day]);
    return rows.map((r) => r.id);
  }

  async epochs(db: Db, cameraIds: readonly string[], lock: boolean): Promise<Map<string, string>> {
    const { rows } = await db.query<{ camera_id: string; epoch: string }>(lock ? LOCK_EPOCHS : READ_EPOCHS, [cameraIds]);
    return new Map(rows.map((r) => [r.camera_id, r.epoch]));
  }

  async tryLockDay(tx: Db, dayNumber: number): Promise<boolean> {
    const { rows } = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1, $2) as ok', [CLOSE_DAY_LOCK, dayNumber]);
    return rows[0]?.ok === true;
  }

  async upsert(db: Db, rows: readonly DayRow[]): Promise<void> {
    if (rows.length === 0) return;
    const columns: unknown[][] = [
      rows.map((r) => r.cameraId),
      rows.map((r) => r.day),
      rows.map((r) => r.unitId),
      rows.map((r) => r.stationId),
      rows.map((r) => r.firstPart),
      ...FIGURE_COLUMNS.map((c) => rows.map((r) => r[FIELDS[c]])),
    ];
    await db.query(UPSERT_DAYS, columns);
  }
}

// ---- The SQL of this repository (it selects and clips; the maths is elsewhere). ----

/** The SQL of the day rollups (table camera_uptime_days, migration 110). Days are local dates. */

export const FIGURE_COLUMNS = [
  'scope_ms',
  'up_ms',
  'degraded_ms',
  'down_ms',
  'no_data_ms',
  // Migration 114: the split of no data into station unreachable and hub not listening.
  'unreachable_ms',
  'unheard_ms',
  'maintenance_ms',
  'failures',
  'resolved_outages',
  'resolved_outage_ms',
] as const;

/** $1 = camera ids, $2/$3 = first day included / first day excluded. Sums per camera and unit. */
export const DAY_SUMS = `select camera_id, unit_id, (count(*) filter (where first_part))::int as days,
    ${FIGURE_COLUMNS.map((c) => `sum(${c})::float8 as ${c}`).join(', ')}
  from camera_uptime_days
  where camera_id = any($1::text[]) and day >= $2::date and day < $3::date
  group by camera_id, unit_id`;

/** $1 = unit id: every unit below it (itself included) with the direct child whose subtree holds it. */
export const SUBTREE_GROUPS = `with recursive ${SUBTREE} select id, group_id from subtree`;

/** Every camera has an epoch row before the job reads one, so the share lock always has a row to hold. */
export const ENSURE_EPOCHS = `insert into camera_uptime_epochs (camera_id) select id from cameras on conflict (camera_id) do nothing`;

/** $1 = start of the day (timestamptz), $2 = the day: cameras in service that day without rows for it. */
export const MISSING_CAMERAS = `select c.id from cameras c join stations s on s.id = c.station_id
  where (least(c.retired_at, s.retired_at) is null or least(c.retired_at, s.retired_at) > $1::timestamptz)
    and not exists (select 1 from camera_uptime_days d where d.camera_id = c.id and d.day = $2::date and d.first_part)
  order by c.id`;

/** $1 = camera ids, $2 = the day: those still without rows (another hub may have just written them). */
export const STILL_MISSING = `select id from unnest($1::text[]) as c(id)
  where not exists (select 1 from camera_uptime_days d where d.camera_id = c.id and d.day = $2::date and d.first_part)`;

export const READ_EPOCHS = `select camera_id, epoch::text as epoch from camera_uptime_epochs where camera_id = any($1::text[])`;

/** Held until commit: a trigger bumping one of these epochs waits, then deletes what we wrote. */
export const LOCK_EPOCHS = `select camera_id, epoch::text as epoch from camera_uptime_epochs where camera_id = any($1::text[]) order by camera_id for share`;

const ARRAY_TYPES = [
  'text',
  'date',
  'text',
  'text',
  'boolean',
  ...FIGURE_COLUMNS.map((c) => (c === 'failures' || c === 'resolved_outages' ? 'integer' : 'float8')),
];
const COLUMNS = ['camera_id', 'day', 'unit_id', 'station_id', 'first_part', ...FIGURE_COLUMNS];

/** Two hubs computing the same day write the same figures: the later one simply wins. */
export const UPSERT_DAYS = `insert into camera_uptime_days (${COLUMNS.join(', ')})
  select * from unnest(${ARRAY_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
  on conflict (camera_id, day, unit_id) do update set
    ${COLUMNS.slice(3)
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}, computed_at = now()`;

/** Arbitrary constant, one advisory lock per (this key, day number): two hubs never close the same day at once. */
export const CLOSE_DAY_LOCK = 72_614_110;

/** $1 = camera ids, $2/$3 = days, $4 = unit ids to keep (null = all): first-part rows per day (days present). */
export const DAYS_PRESENT = `select day::text as day, count(*)::int as n from camera_uptime_days
  where camera_id = any($1::text[]) and day >= $2::date and day < $3::date and first_part
  group by day`;

/**
 * Per day, the aggregate the daily series shows: sums, and cameras / observed cameras / stations
 * counted per camera-day (a moved camera's rows of one day are one camera).
 */
export const DAY_AGGREGATES = `with cd as (
    select day, camera_id, station_id, ${FIGURE_COLUMNS.map((c) => `sum(${c}) as ${c}`).join(', ')}
    from camera_uptime_days
    where camera_id = any($1::text[]) and day >= $2::date and day < $3::date and ($4::text[] is null or unit_id = any($4::text[]))
    group by day, camera_id, station_id
  )
  select day::text as day, ${FIGURE_COLUMNS.map((c) => `sum(${c})::float8 as ${c}`).join(', ')},
    (count(*) filter (where scope_ms > 0))::int as cameras,
    (count(*) filter (where up_ms + down_ms > 0))::int as cameras_observed,
    (count(distinct station_id) filter (where scope_ms > 0))::int as stations
  from cd group by day`;
