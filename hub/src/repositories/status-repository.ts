import type { Db } from '../db/db.ts';
import type { CameraSample, CameraState, Liveness, StationPeriod, StationTransition, StatusInterval } from '../status/status-service.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const ms = (d: Date | string | null): number | null => (d === null ? null : new Date(d).getTime());
// Hot-path queries return epoch milliseconds: parsing thousands of timestamptz values per batch costs more than the query.
const epochMs = (col: string) => `round(extract(epoch FROM ${col}) * 1000)::float8`;

export interface OpenCameraInterval {
  cameraId: string;
  stationId: string;
  status: CameraState;
  cause: string | null;
  start: number;
}

/** SQL for station liveness and status intervals; the decisions are in status-service.ts. */
export class StatusRepository {
  /** Serialises status work per station across hub processes (locks taken in a fixed order: no deadlock). */
  async lockStations(db: Db, stationIds: readonly string[]): Promise<void> {
    if (stationIds.length === 0) return;
    const sorted = [...new Set(stationIds)].sort();
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('station:' || s)) FROM unnest($1::text[]) WITH ORDINALITY AS t(s, n) ORDER BY n`, [sorted]);
  }

  async liveness(db: Db, stationIds: readonly string[]): Promise<Map<string, Liveness>> {
    const res = await db.query<{ station_id: string; state: 'online' | 'offline'; boot_id: string | null; connection_id: number | null; last_seen_at: number; changed_at: number }>(
      `SELECT station_id, state, boot_id, connection_id, ${epochMs('last_seen_at')} AS last_seen_at, ${epochMs('changed_at')} AS changed_at
         FROM station_liveness WHERE station_id = ANY($1::text[])`, [stationIds]);
    return new Map(res.rows.map((r) => [r.station_id, { state: r.state, bootId: r.boot_id, connectionId: r.connection_id, lastSeenAt: r.last_seen_at, changedAt: r.changed_at }]));
  }

  async saveLiveness(db: Db, rows: ReadonlyMap<string, Liveness>): Promise<void> {
    if (rows.size === 0) return;
    const ids = [...rows.keys()];
    const v = [...rows.values()];
    await db.query(
      `INSERT INTO station_liveness (station_id, state, boot_id, connection_id, last_seen_at, changed_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[])
       ON CONFLICT (station_id) DO UPDATE SET state = EXCLUDED.state, boot_id = EXCLUDED.boot_id, connection_id = EXCLUDED.connection_id,
         last_seen_at = EXCLUDED.last_seen_at, changed_at = EXCLUDED.changed_at`,
      [ids, v.map((l) => l.state), v.map((l) => l.bootId), v.map((l) => l.connectionId), v.map((l) => iso(l.lastSeenAt)), v.map((l) => iso(l.changedAt))]);
  }

  /** Stations online but silent since before `cutoff`. */
  async silentStations(db: Db, cutoff: number): Promise<string[]> {
    const res = await db.query<{ station_id: string }>(`SELECT station_id FROM station_liveness WHERE state = 'online' AND last_seen_at < $1`, [iso(cutoff)]);
    return res.rows.map((r) => r.station_id);
  }

  async applyStationTransition(db: Db, stationId: string, t: StationTransition): Promise<void> {
    await db.query('UPDATE station_status_intervals SET ended_at = $2 WHERE station_id = $1 AND ended_at IS NULL', [stationId, iso(t.at)]);
    await db.query('INSERT INTO station_status_intervals (station_id, status, cause, started_at) VALUES ($1, $2, $3, $4)', [stationId, t.status, t.cause, iso(t.at)]);
  }

  /** The station's periods that end after `from` (or are open). */
  async stationPeriods(db: Db, stationId: string, from: number): Promise<StationPeriod[]> {
    const res = await db.query<{ status: 'online' | 'offline'; started_at: Date; ended_at: Date | null }>(
      `SELECT status, started_at, ended_at FROM station_status_intervals WHERE station_id = $1 AND (ended_at IS NULL OR ended_at > $2) ORDER BY started_at`,
      [stationId, iso(from)]);
    return res.rows.map((r) => ({ status: r.status, start: ms(r.started_at)!, end: ms(r.ended_at) }));
  }

  async openCameraIntervals(db: Db, cameraIds: readonly string[]): Promise<Map<string, OpenCameraInterval>> {
    const res = await db.query<{ camera_id: string; station_id: string; status: CameraState; cause: string | null; started_at: number }>(
      `SELECT camera_id, station_id, status, cause, ${epochMs('started_at')} AS started_at FROM camera_status_intervals WHERE ended_at IS NULL AND camera_id = ANY($1::text[])`, [cameraIds]);
    return new Map(res.rows.map((r) => [r.camera_id, { cameraId: r.camera_id, stationId: r.station_id, status: r.status, cause: r.cause, start: r.started_at }]));
  }

  /** Cameras whose status the station determines: its inventory cameras and any camera it has reported. */
  async stationCameraIds(db: Db, stationId: string): Promise<string[]> {
    const res = await db.query<{ id: string }>(
      `SELECT id FROM cameras WHERE station_id = $1 AND retired_at IS NULL
       UNION SELECT camera_id FROM camera_status_intervals WHERE station_id = $1 AND ended_at IS NULL`, [stationId]);
    return res.rows.map((r) => r.id);
  }

  /** The latest sample before `from` and every sample from `from` on. */
  async cameraSamplesFrom(db: Db, cameraId: string, from: number): Promise<CameraSample[]> {
    const res = await db.query<{ ts: Date; status: CameraSample['status']; cause: string | null }>(
      `(SELECT ts, status, cause, seq FROM camera_status_samples WHERE camera_id = $1 AND ts < $2 ORDER BY ts DESC LIMIT 1)
       UNION ALL (SELECT ts, status, cause, seq FROM camera_status_samples WHERE camera_id = $1 AND ts >= $2)
       ORDER BY ts, seq`, [cameraId, iso(from)]);
    return res.rows.map((r) => ({ ts: ms(r.ts)!, status: r.status, cause: r.cause }));
  }

  /** Replaces the camera's intervals from `from` on with `next` (which starts at or after `from`). */
  async replaceCameraIntervals(db: Db, cameraId: string, stationId: string, from: number, next: readonly StatusInterval[]): Promise<void> {
    await db.query('DELETE FROM camera_status_intervals WHERE camera_id = $1 AND started_at >= $2', [cameraId, iso(from)]);
    // The interval that straddles `from` ends there, or continues when the new timeline starts the same way.
    const first = next[0];
    const joined = first && first.start === from
      ? await db.query(
        `UPDATE camera_status_intervals SET ended_at = $3 WHERE camera_id = $1 AND started_at < $2 AND (ended_at IS NULL OR ended_at >= $2)
           AND status = $4 AND cause IS NOT DISTINCT FROM $5`, [cameraId, iso(from), first.end === null ? null : iso(first.end), first.status, first.cause])
      : { rowCount: 0 };
    if (joined.rowCount === 0) {
      await db.query('UPDATE camera_status_intervals SET ended_at = $2 WHERE camera_id = $1 AND started_at < $2 AND (ended_at IS NULL OR ended_at > $2)', [cameraId, iso(from)]);
    }
    const rest = joined.rowCount > 0 ? next.slice(1) : next;
    if (rest.length === 0) return;
    await db.query(
      `INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at, ended_at)
       SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])`,
      [cameraId, stationId, rest.map((i) => i.status), rest.map((i) => i.cause), rest.map((i) => iso(i.start)), rest.map((i) => (i.end === null ? null : iso(i.end)))]);
  }

  /** Hot path: for each camera, end its open interval at `at` and open a new one. */
  async switchOpenIntervals(db: Db, changes: readonly { cameraId: string; stationId: string; at: number; status: CameraState; cause: string | null }[]): Promise<void> {
    if (changes.length === 0) return;
    await db.query(
      `UPDATE camera_status_intervals c SET ended_at = u.at FROM unnest($1::text[], $2::timestamptz[]) AS u(camera_id, at)
        WHERE c.camera_id = u.camera_id AND c.ended_at IS NULL`, [changes.map((c) => c.cameraId), changes.map((c) => iso(c.at))]);
    await db.query(
      `INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])`,
      [changes.map((c) => c.cameraId), changes.map((c) => c.stationId), changes.map((c) => c.status), changes.map((c) => c.cause), changes.map((c) => iso(c.at))]);
  }
}
