import type { Db } from '../db/db.ts';

/** The SQL of the daily digest: which communes, which days are still owed, what happened in one. */
export class DigestRepository {
  /** Units that have stations of their own (communes, wards, townships). */
  async unitsWithStations(tx: Db): Promise<string[]> {
    const r = await tx.query<{ unit_id: string }>('SELECT DISTINCT unit_id FROM stations WHERE retired_at IS NULL ORDER BY unit_id');
    return r.rows.map((x) => x.unit_id);
  }

  /** The last local day (yyyy-MM-dd) a digest was made for, per unit. */
  async lastDays(tx: Db): Promise<Map<string, string>> {
    const r = await tx.query<{ unit_id: string; day: string }>('SELECT unit_id, max(day)::text AS day FROM alert_digests GROUP BY unit_id');
    return new Map(r.rows.map((x) => [x.unit_id, x.day]));
  }

  /** Claims a unit's day once across restarts and hubs; false when it was claimed already. */
  async claim(tx: Db, unitId: string, day: string): Promise<boolean> {
    const r = await tx.query('INSERT INTO alert_digests (unit_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING', [unitId, day]);
    return r.rowCount > 0;
  }

  /** Alerts opened in [from, to) at stations now in the unit (an alert follows its station, as in the alert list). */
  async opened(
    tx: Db,
    unitId: string,
    from: number,
    to: number,
  ): Promise<{ message: string; openedAt: number; resolvedAt: number | null }[]> {
    const r = await tx.query<{ message: string; opened_at: Date; resolved_at: Date | null }>(
      `SELECT a.message, a.opened_at, a.resolved_at FROM alerts a LEFT JOIN stations s ON s.id = a.station_id
       WHERE coalesce(s.unit_id, a.unit_id) = $1 AND a.opened_at >= $2 AND a.opened_at < $3 ORDER BY a.opened_at`,
      [unitId, new Date(from), new Date(to)],
    );
    return r.rows.map((a) => ({ message: a.message, openedAt: a.opened_at.getTime(), resolvedAt: a.resolved_at?.getTime() ?? null }));
  }

  async stillOpen(tx: Db, unitId: string): Promise<number> {
    const r = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM alerts a LEFT JOIN stations s ON s.id = a.station_id WHERE coalesce(s.unit_id, a.unit_id) = $1 AND a.state <> 'resolved'`,
      [unitId],
    );
    return r.rows[0]?.n ?? 0;
  }
}
