import type { MaintenanceWindow } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { scopeCondition, type Scope } from '../auth/scope.ts';

type Raw = { id: number; station_id: string | null; unit_id: string | null; starts_at: Date; ends_at: Date; reason: string };
const toWindow = (r: Raw): MaintenanceWindow => ({
  id: r.id,
  stationId: r.station_id,
  unitId: r.unit_id,
  startsAt: r.starts_at.getTime(),
  endsAt: r.ends_at.getTime(),
  reason: r.reason,
});

/** Maintenance windows (table from the ingest's migrations), scoped by the station's or the window's unit. */
export class MaintenanceRepository {
  constructor(private readonly db: Db) {}

  async list(scope: Scope, q: { activeAt?: number; stationId?: string }): Promise<MaintenanceWindow[]> {
    const params: unknown[] = [];
    const where = [`${scopeCondition(scope, 'coalesce(s.unit_id, m.unit_id)', params)}`];
    if (q.activeAt !== undefined) where.push(`m.starts_at <= $${params.push(new Date(q.activeAt))} AND m.ends_at > $${params.length}`);
    if (q.stationId) where.push(`m.station_id = $${params.push(q.stationId)}`);
    const r = await this.db.query<Raw>(
      `SELECT m.id::int AS id, m.station_id, m.unit_id, m.starts_at, m.ends_at, m.reason FROM maintenance_windows m LEFT JOIN stations s ON s.id = m.station_id
       WHERE ${where.join(' AND ')} ORDER BY m.starts_at DESC LIMIT 1000`,
      params,
    );
    return r.rows.map(toWindow);
  }

  async create(w: {
    stationId: string | null;
    unitId: string | null;
    startsAt: number;
    endsAt: number;
    reason: string;
  }): Promise<MaintenanceWindow> {
    const r = await this.db.query<Raw>(
      'INSERT INTO maintenance_windows (station_id, unit_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4, $5) RETURNING id::int AS id, station_id, unit_id, starts_at, ends_at, reason',
      [w.stationId, w.unitId, new Date(w.startsAt), new Date(w.endsAt), w.reason],
    );
    return toWindow(r.rows[0]!);
  }

  async delete(scope: Scope, id: number): Promise<boolean> {
    const params: unknown[] = [id];
    const r = await this.db.query(
      `DELETE FROM maintenance_windows m USING (SELECT m2.id FROM maintenance_windows m2 LEFT JOIN stations s ON s.id = m2.station_id
         WHERE m2.id = $1 AND ${scopeCondition(scope, 'coalesce(s.unit_id, m2.unit_id)', params)}) t WHERE m.id = t.id`,
      params,
    );
    return r.rowCount > 0;
  }
}
