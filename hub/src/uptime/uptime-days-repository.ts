import type { UptimeAggregate, UptimeFigures } from '@camwatch/config';
import { finish } from './uptime-calculator.ts';
import type { Db } from '../db/db.ts';
import * as sql from './uptime-days-sql.ts';

type Sums = Pick<
  UptimeFigures,
  'scopeMs' | 'upMs' | 'degradedMs' | 'downMs' | 'noDataMs' | 'maintenanceMs' | 'failures' | 'resolvedOutages' | 'resolvedOutageMs'
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
    maintenanceMs: r.maintenance_ms,
    failures: r.failures,
    resolvedOutages: r.resolved_outages,
    resolvedOutageMs: r.resolved_outage_ms,
  };
}

const FIELDS: Record<(typeof sql.FIGURE_COLUMNS)[number], keyof Sums> = {
  scope_ms: 'scopeMs',
  up_ms: 'upMs',
  degraded_ms: 'degradedMs',
  down_ms: 'downMs',
  no_data_ms: 'noDataMs',
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
    const { rows } = await this.db.query<SumRow & FigureRow>(sql.DAY_SUMS, [cameraIds, fromDay, toDay]);
    return rows.map((r) => ({ cameraId: r.camera_id, unitId: r.unit_id, days: r.days, ...toSums(r) }));
  }

  /** local date → how many of `cameraIds` have that day's rows. */
  async daysPresent(cameraIds: readonly string[], fromDay: string, toDay: string): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ day: string; n: number }>(sql.DAYS_PRESENT, [cameraIds, fromDay, toDay]);
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
      sql.DAY_AGGREGATES,
      [cameraIds, fromDay, toDay, unitIds],
    );
    return new Map(
      rows.map((r) => [r.day, { ...finish(toSums(r)), cameras: r.cameras, camerasObserved: r.cameras_observed, stations: r.stations }]),
    );
  }

  /** unit id → the direct child of `unitId` whose subtree holds it (the unit itself for its own). */
  async subtreeGroups(unitId: string): Promise<Map<string, string>> {
    const { rows } = await this.db.query<{ id: string; group_id: string }>(sql.SUBTREE_GROUPS, [unitId]);
    return new Map(rows.map((r) => [r.id, r.group_id]));
  }

  async ensureEpochs(): Promise<void> {
    await this.db.query(sql.ENSURE_EPOCHS);
  }

  async missingCameras(db: Db, dayStart: number, day: string): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(sql.MISSING_CAMERAS, [new Date(dayStart).toISOString(), day]);
    return rows.map((r) => r.id);
  }

  async stillMissing(tx: Db, cameraIds: readonly string[], day: string): Promise<string[]> {
    const { rows } = await tx.query<{ id: string }>(sql.STILL_MISSING, [cameraIds, day]);
    return rows.map((r) => r.id);
  }

  async epochs(db: Db, cameraIds: readonly string[], lock: boolean): Promise<Map<string, string>> {
    const { rows } = await db.query<{ camera_id: string; epoch: string }>(lock ? sql.LOCK_EPOCHS : sql.READ_EPOCHS, [cameraIds]);
    return new Map(rows.map((r) => [r.camera_id, r.epoch]));
  }

  async tryLockDay(tx: Db, dayNumber: number): Promise<boolean> {
    const { rows } = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1, $2) as ok', [sql.CLOSE_DAY_LOCK, dayNumber]);
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
      ...sql.FIGURE_COLUMNS.map((c) => rows.map((r) => r[FIELDS[c]])),
    ];
    await db.query(sql.UPSERT_DAYS, columns);
  }
}
