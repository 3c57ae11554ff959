import type { CameraMapStatus } from '@camwatch/config';
import type { Db } from '../db/db.ts';

/** The reads behind the live feed: open status intervals and alert rows past a cursor. */
export class LiveChangesRepository {
  constructor(private readonly db: Db) {}

  /** Where the feed starts: the highest interval ids and the latest alert change. */
  async cursors(): Promise<{ c: number | null; s: number | null; a: Date | null } | undefined> {
    const r = await this.db.query<{ c: number | null; s: number | null; a: Date | null }>(
      'SELECT (SELECT max(id) FROM camera_status_intervals)::float8 AS c, (SELECT max(id) FROM station_status_intervals)::float8 AS s, (SELECT max(updated_at) FROM alerts) AS a',
    );
    return r.rows[0];
  }

  async openCameraIntervalsAfter(id: number): Promise<
    {
      id: number;
      camera_id: string;
      station_id: string;
      unit_id: string;
      status: CameraMapStatus;
      cause: string | null;
      started_at: Date;
    }[]
  > {
    const r = await this.db.query<{
      id: number;
      camera_id: string;
      station_id: string;
      unit_id: string;
      status: CameraMapStatus;
      cause: string | null;
      started_at: Date;
    }>(
      // A connected private camera (reported by a collector as pc-<register id>) is its own commune's, not the collector's.
      `SELECT i.id::float8 AS id, i.camera_id, i.station_id, coalesce(pc.unit_id, s.unit_id) AS unit_id, i.status, i.cause, i.started_at
       FROM camera_status_intervals i JOIN stations s ON s.id = i.station_id
       LEFT JOIN private_cameras pc ON s.type = 'collector'
         AND pc.id = CASE WHEN i.camera_id ~ '^pc-[1-9][0-9]{0,15}$' THEN substr(i.camera_id, 4)::bigint END
       WHERE i.id > $1 AND i.ended_at IS NULL ORDER BY i.id`,
      [id],
    );
    return r.rows;
  }

  /** Open station intervals after `id`, each with the current statuses of its cameras in service. */
  async openStationIntervalsAfter(
    id: number,
  ): Promise<
    { id: number; station_id: string; unit_id: string; status: 'online' | 'offline'; started_at: Date; cams: CameraMapStatus[] | null }[]
  > {
    const r = await this.db.query<{
      id: number;
      station_id: string;
      unit_id: string;
      status: 'online' | 'offline';
      started_at: Date;
      cams: CameraMapStatus[] | null;
    }>(
      `SELECT i.id::float8 AS id, i.station_id, s.unit_id, i.status, i.started_at,
         (SELECT array_agg(ci.status) FROM camera_status_intervals ci JOIN cameras c ON c.id = ci.camera_id AND c.retired_at IS NULL
          WHERE ci.station_id = i.station_id AND ci.ended_at IS NULL) AS cams
       FROM station_status_intervals i JOIN stations s ON s.id = i.station_id WHERE i.id > $1 AND i.ended_at IS NULL ORDER BY i.id`,
      [id],
    );
    return r.rows;
  }

  /** One page of alert rows after the (updated_at as text, id) cursor. */
  async alertsAfter(
    after: readonly [string, number],
    limit: number,
  ): Promise<{ id: number; updated_at: Date; cursor: string; state: string; opened_at: Date }[]> {
    const r = await this.db.query<{ id: number; updated_at: Date; cursor: string; state: string; opened_at: Date }>(
      `SELECT id::float8 AS id, updated_at, updated_at::text AS cursor, state, opened_at FROM alerts
         WHERE (updated_at, id) > ($1::timestamptz, $2) ORDER BY updated_at, id LIMIT $3`,
      [...after, limit],
    );
    return r.rows;
  }
}
