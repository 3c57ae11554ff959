import type { Db } from '../db/db.ts';

export interface StatusCounts {
  stations: { online: number; offline: number; unknown: number; total: number };
  cameras: { ok: number; degraded: number; down: number; unknown: number; total: number };
}

/** What health and readiness checks read. */
export class HealthRepository {
  constructor(private readonly db: Db) {}

  /** Throws when the database does not answer. */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /** Counts of the inventory (retired excluded) by current status; never heard = unknown. */
  async statusCounts(): Promise<StatusCounts> {
    const st = await this.db.query<{ status: string; n: number }>(
      `SELECT coalesce(l.state, 'unknown') AS status, count(*)::int AS n FROM stations s
       LEFT JOIN station_liveness l ON l.station_id = s.id WHERE s.retired_at IS NULL GROUP BY 1`,
    );
    const cam = await this.db.query<{ status: string; n: number }>(
      `SELECT coalesce(i.status, 'unknown') AS status, count(*)::int AS n FROM cameras c
       LEFT JOIN camera_status_intervals i ON i.camera_id = c.id AND i.ended_at IS NULL WHERE c.retired_at IS NULL GROUP BY 1`,
    );
    const stations = { online: 0, offline: 0, unknown: 0, total: 0 };
    const cameras = { ok: 0, degraded: 0, down: 0, unknown: 0, total: 0 };
    for (const r of st.rows) {
      stations[r.status as keyof typeof stations] += r.n;
      stations.total += r.n;
    }
    for (const r of cam.rows) {
      cameras[r.status as keyof typeof cameras] += r.n;
      cameras.total += r.n;
    }
    return { stations, cameras };
  }
}
