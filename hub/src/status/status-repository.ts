import type { Db } from '../db/db.ts';
import type { CameraSample, CameraState, Liveness, StationPeriod, StationTransition, StatusInterval } from './status-rules.ts';

const iso = (ms: number) => new Date(ms).toISOString();
// Hot-path queries return epoch milliseconds: parsing thousands of timestamptz values per batch costs more than the query.
const epochMs = (col: string) => `round(extract(epoch FROM ${col}) * 1000)::float8`;

export interface OpenCameraInterval {
  cameraId: string;
  stationId: string;
  status: CameraState;
  cause: string | null;
  start: number;
}

/** SQL for station liveness and status intervals; the decisions are in status-rules.ts. */
export class StatusRepository {
  /** Serialises status work per station across hub processes (locks taken in a fixed order: no deadlock). */
  async lockStations(db: Db, stationIds: readonly string[]): Promise<void> {
    if (stationIds.length === 0) return;
    const sorted = [...new Set(stationIds)].sort();
    // One row back, not one per station (a batch locks up to its size): the locks are taken in the subquery, in order.
    await db.query(
      `SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext('station:' || s)) FROM unnest($1::text[]) WITH ORDINALITY AS t(s, n) ORDER BY n) l`,
      [sorted],
    );
  }

  async liveness(db: Db, stationIds: readonly string[]): Promise<Map<string, Liveness>> {
    const res = await db.query<{
      station_id: string;
      state: 'online' | 'offline';
      boot_id: string | null;
      connection_id: number | null;
      last_seen_at: number;
      changed_at: number;
      will_at: number | null;
      will_due_at: number | null;
      will_delay_ms: number | null;
    }>(
      `SELECT station_id, state, boot_id, connection_id, ${epochMs('last_seen_at')} AS last_seen_at, ${epochMs('changed_at')} AS changed_at,
              ${epochMs('will_at')} AS will_at, ${epochMs('will_due_at')} AS will_due_at, will_delay_ms
         FROM station_liveness WHERE station_id = ANY($1::text[])`,
      [stationIds],
    );
    return new Map(
      res.rows.map((r) => {
        const l: Liveness = {
          state: r.state,
          bootId: r.boot_id,
          connectionId: r.connection_id,
          lastSeenAt: r.last_seen_at,
          changedAt: r.changed_at,
        };
        // Only when set: a row with neither keeps the shape it had before wills were held.
        if (r.will_at !== null && r.will_due_at !== null) l.pendingWill = { at: r.will_at, dueAt: r.will_due_at };
        if (r.will_delay_ms !== null) l.willDelayMs = r.will_delay_ms;
        return [r.station_id, l];
      }),
    );
  }

  async saveLiveness(db: Db, rows: ReadonlyMap<string, Liveness>): Promise<void> {
    if (rows.size === 0) return;
    // Sorted: rows are locked in one order by every writer.
    const ids = [...rows.keys()].sort();
    const v = ids.map((id) => rows.get(id)!);
    await db.query(
      `INSERT INTO station_liveness (station_id, state, boot_id, connection_id, last_seen_at, changed_at, will_at, will_due_at, will_delay_ms)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[],
                            $7::timestamptz[], $8::timestamptz[], $9::int[])
       ON CONFLICT (station_id) DO UPDATE SET state = EXCLUDED.state, boot_id = EXCLUDED.boot_id, connection_id = EXCLUDED.connection_id,
         last_seen_at = EXCLUDED.last_seen_at, changed_at = EXCLUDED.changed_at,
         will_at = EXCLUDED.will_at, will_due_at = EXCLUDED.will_due_at, will_delay_ms = EXCLUDED.will_delay_ms`,
      [
        ids,
        v.map((l) => l.state),
        v.map((l) => l.bootId),
        v.map((l) => l.connectionId),
        v.map((l) => iso(l.lastSeenAt)),
        v.map((l) => iso(l.changedAt)),
        v.map((l) => (l.pendingWill ? iso(l.pendingWill.at) : null)),
        v.map((l) => (l.pendingWill ? iso(l.pendingWill.dueAt) : null)),
        v.map((l) => l.willDelayMs ?? null),
      ],
    );
  }

  /** This hub's heard clock (null: it cannot vouch for any silence now), for the other hubs of its group. */
  async reportHeard(db: Db, hubId: string, heard: { until: number; since: number } | null, now: number): Promise<void> {
    await db.query(
      `INSERT INTO hub_heard (hub_id, heard_until, heard_since, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (hub_id) DO UPDATE SET heard_until = EXCLUDED.heard_until, heard_since = EXCLUDED.heard_since, updated_at = EXCLUDED.updated_at`,
      [hubId, heard ? iso(heard.until) : null, heard ? iso(heard.since) : null, iso(now)],
    );
  }

  /**
   * Records this hub's current heard span (hub_heard_spans, migration 114): the gaps between spans
   * are the time no hub was listening, which uptime reports as reduced data coverage, not as a fault.
   */
  async recordHeardSpan(db: Db, hubId: string, heard: { until: number; since: number }): Promise<void> {
    if (heard.until <= heard.since) return;
    await db.query(
      `INSERT INTO hub_heard_spans (hub_id, heard_since, heard_until) VALUES ($1, $2, $3)
       ON CONFLICT (hub_id, heard_since) DO UPDATE SET heard_until = EXCLUDED.heard_until
       WHERE hub_heard_spans.heard_until < EXCLUDED.heard_until`,
      [hubId, iso(heard.since), iso(heard.until)],
    );
  }

  /** The heard clocks of the hubs that reported since `aliveSince`. */
  async groupHeard(db: Db, aliveSince: number): Promise<{ hubId: string; until: number | null; since: number | null }[]> {
    const r = await db.query<{ hub_id: string; heard_until: Date | null; heard_since: Date | null }>(
      'SELECT hub_id, heard_until, heard_since FROM hub_heard WHERE updated_at >= $1',
      [iso(aliveSince)],
    );
    return r.rows.map((x) => ({ hubId: x.hub_id, until: x.heard_until?.getTime() ?? null, since: x.heard_since?.getTime() ?? null }));
  }

  /** Stations online but silent since before `cutoff`. */
  async silentStations(db: Db, cutoff: number): Promise<string[]> {
    const res = await db.query<{ station_id: string }>(
      `SELECT station_id FROM station_liveness WHERE state = 'online' AND last_seen_at < $1`,
      [iso(cutoff)],
    );
    return res.rows.map((r) => r.station_id);
  }

  /** Stations online whose held Last Will is due by `cutoff` (status-rules.ts, PendingWill). */
  async dueWills(db: Db, cutoff: number): Promise<string[]> {
    const res = await db.query<{ station_id: string }>(
      `SELECT station_id FROM station_liveness WHERE will_due_at <= $1 AND state = 'online'`,
      [iso(cutoff)],
    );
    return res.rows.map((r) => r.station_id);
  }

  /** Closes each station's open interval at its first transition and chains the rest (transitions in order per station). */
  async applyStationTransitions(db: Db, transitions: readonly (StationTransition & { stationId: string })[]): Promise<void> {
    if (transitions.length === 0) return;
    const byStation = new Map<string, StationTransition[]>();
    for (const t of transitions) byStation.set(t.stationId, [...(byStation.get(t.stationId) ?? []), t]);
    const ids = [...byStation.keys()].sort();
    await db.query(
      `UPDATE station_status_intervals s SET ended_at = u.at FROM unnest($1::text[], $2::timestamptz[]) AS u(station_id, at)
        WHERE s.station_id = u.station_id AND s.ended_at IS NULL`,
      [ids, ids.map((id) => iso(byStation.get(id)![0]!.at))],
    );
    const rows = ids.flatMap((id) => byStation.get(id)!.map((t, i, list) => ({ id, t, end: list[i + 1]?.at ?? null })));
    await db.query(
      `INSERT INTO station_status_intervals (station_id, status, cause, started_at, ended_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.t.status),
        rows.map((r) => r.t.cause),
        rows.map((r) => iso(r.t.at)),
        rows.map((r) => (r.end === null ? null : iso(r.end))),
      ],
    );
  }

  /** Each station's periods that end after its `from` (or are open), in order. */
  async stationPeriods(db: Db, from: ReadonlyMap<string, number>): Promise<Map<string, StationPeriod[]>> {
    const out = new Map<string, StationPeriod[]>();
    if (from.size === 0) return out;
    const ids = [...from.keys()];
    const res = await db.query<{ station_id: string; status: 'online' | 'offline'; started_at: number; ended_at: number | null }>(
      `SELECT s.station_id, s.status, ${epochMs('s.started_at')} AS started_at, ${epochMs('s.ended_at')} AS ended_at
         FROM station_status_intervals s JOIN unnest($1::text[], $2::timestamptz[]) AS u(station_id, from_ts) ON s.station_id = u.station_id
        WHERE s.ended_at IS NULL OR s.ended_at > u.from_ts ORDER BY s.station_id, s.started_at`,
      [ids, ids.map((id) => iso(from.get(id)!))],
    );
    for (const r of res.rows)
      out.set(r.station_id, [...(out.get(r.station_id) ?? []), { status: r.status, start: r.started_at, end: r.ended_at }]);
    return out;
  }

  async openCameraIntervals(db: Db, cameraIds: readonly string[]): Promise<Map<string, OpenCameraInterval>> {
    const res = await db.query<{ camera_id: string; station_id: string; status: CameraState; cause: string | null; started_at: number }>(
      `SELECT camera_id, station_id, status, cause, ${epochMs('started_at')} AS started_at FROM camera_status_intervals WHERE ended_at IS NULL AND camera_id = ANY($1::text[])`,
      [cameraIds],
    );
    return new Map(
      res.rows.map((r) => [
        r.camera_id,
        { cameraId: r.camera_id, stationId: r.station_id, status: r.status, cause: r.cause, start: r.started_at },
      ]),
    );
  }

  /** Cameras whose status each station determines: its inventory cameras and any camera it has reported. */
  async stationCameraIds(db: Db, stationIds: readonly string[]): Promise<{ stationId: string; cameraId: string }[]> {
    if (stationIds.length === 0) return [];
    const res = await db.query<{ station_id: string; camera_id: string }>(
      `SELECT station_id, id AS camera_id FROM cameras WHERE station_id = ANY($1::text[]) AND retired_at IS NULL
       UNION SELECT station_id, camera_id FROM camera_status_intervals WHERE station_id = ANY($1::text[]) AND ended_at IS NULL
       ORDER BY camera_id`,
      [stationIds],
    );
    return res.rows.map((r) => ({ stationId: r.station_id, cameraId: r.camera_id }));
  }

  /** Per camera: its latest sample before its `from` and every sample from `from` on, by time then sequence. */
  async cameraSamplesFrom(db: Db, from: ReadonlyMap<string, number>): Promise<Map<string, CameraSample[]>> {
    const out = new Map<string, CameraSample[]>();
    if (from.size === 0) return out;
    const ids = [...from.keys()];
    const res = await db.query<{ camera_id: string; ts: number; status: CameraSample['status']; cause: string | null }>(
      `SELECT u.camera_id, ${epochMs('s.ts')} AS ts, s.status, s.cause
         FROM unnest($1::text[], $2::timestamptz[]) AS u(camera_id, from_ts)
        CROSS JOIN LATERAL (
          (SELECT ts, status, cause, seq FROM camera_status_samples c WHERE c.camera_id = u.camera_id AND c.ts < u.from_ts ORDER BY ts DESC LIMIT 1)
          UNION ALL (SELECT ts, status, cause, seq FROM camera_status_samples c WHERE c.camera_id = u.camera_id AND c.ts >= u.from_ts)) s
        ORDER BY u.camera_id, s.ts, s.seq`,
      [ids, ids.map((id) => iso(from.get(id)!))],
    );
    for (const r of res.rows) out.set(r.camera_id, [...(out.get(r.camera_id) ?? []), { ts: r.ts, status: r.status, cause: r.cause }]);
    return out;
  }

  /**
   * For each camera, replaces its intervals from `from` on with `next` (which starts at or after
   * `from`), in three statements whatever the number of cameras: delete what starts at or after
   * `from`, end (or extend, when `next` starts the same way) the interval straddling `from`, insert the rest.
   */
  async replaceCameraIntervals(
    db: Db,
    plans: readonly { cameraId: string; stationId: string; from: number; next: readonly StatusInterval[] }[],
  ): Promise<void> {
    if (plans.length === 0) return;
    const sorted = [...plans].sort((a, b) => (a.cameraId < b.cameraId ? -1 : a.cameraId > b.cameraId ? 1 : 0));
    const ids = sorted.map((p) => p.cameraId);
    const froms = sorted.map((p) => iso(p.from));
    await db.query(
      `DELETE FROM camera_status_intervals c USING unnest($1::text[], $2::timestamptz[]) AS u(camera_id, from_ts)
        WHERE c.camera_id = u.camera_id AND c.started_at >= u.from_ts`,
      [ids, froms],
    );
    const first = sorted.map((p) => (p.next[0]?.start === p.from ? p.next[0] : undefined));
    const joined = await db.query<{ camera_id: string; joined: boolean }>(
      `UPDATE camera_status_intervals c
          SET ended_at = CASE WHEN u.joinable AND c.status = u.status AND c.cause IS NOT DISTINCT FROM u.cause THEN u.new_end ELSE u.from_ts END
         FROM unnest($1::text[], $2::timestamptz[], $3::boolean[], $4::text[], $5::text[], $6::timestamptz[]) AS u(camera_id, from_ts, joinable, status, cause, new_end)
        WHERE c.camera_id = u.camera_id AND c.started_at < u.from_ts AND (c.ended_at IS NULL OR c.ended_at >= u.from_ts)
        RETURNING c.camera_id, (u.joinable AND c.status = u.status AND c.cause IS NOT DISTINCT FROM u.cause) AS joined`,
      [
        ids,
        froms,
        first.map((f) => f !== undefined),
        first.map((f) => f?.status ?? null),
        first.map((f) => f?.cause ?? null),
        first.map((f) => (f?.end == null ? null : iso(f.end))),
      ],
    );
    const extended = new Set(joined.rows.filter((r) => r.joined).map((r) => r.camera_id));
    const rows = sorted.flatMap((p) => (extended.has(p.cameraId) ? p.next.slice(1) : p.next).map((iv) => ({ p, iv })));
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at, ended_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])`,
      [
        rows.map((r) => r.p.cameraId),
        rows.map((r) => r.p.stationId),
        rows.map((r) => r.iv.status),
        rows.map((r) => r.iv.cause),
        rows.map((r) => iso(r.iv.start)),
        rows.map((r) => (r.iv.end === null ? null : iso(r.iv.end))),
      ],
    );
  }

  /**
   * Hot path: for each camera, end its open interval at `at` and open a new one, unless a sample
   * of the camera later than `last` is stored (another hub or a redelivery got there first): those
   * are left alone and returned, for a recompute.
   */
  async switchOpenIntervals(
    db: Db,
    changes: readonly { cameraId: string; stationId: string; at: number; last: number; status: CameraState; cause: string | null }[],
  ): Promise<Set<string>> {
    if (changes.length === 0) return new Set();
    const sorted = [...changes].sort((a, b) => (a.cameraId < b.cameraId ? -1 : a.cameraId > b.cameraId ? 1 : 0));
    const ended = await db.query<{ camera_id: string }>(
      `UPDATE camera_status_intervals c SET ended_at = u.at FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS u(camera_id, at, last)
        WHERE c.camera_id = u.camera_id AND c.ended_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM camera_status_samples s WHERE s.camera_id = u.camera_id AND s.ts > u.last)
        RETURNING c.camera_id`,
      [sorted.map((c) => c.cameraId), sorted.map((c) => iso(c.at)), sorted.map((c) => iso(c.last))],
    );
    const done = new Set(ended.rows.map((r) => r.camera_id));
    const open = sorted.filter((c) => done.has(c.cameraId));
    if (open.length) {
      await db.query(
        `INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])`,
        [
          open.map((c) => c.cameraId),
          open.map((c) => c.stationId),
          open.map((c) => c.status),
          open.map((c) => c.cause),
          open.map((c) => iso(c.at)),
        ],
      );
    }
    return new Set(sorted.filter((c) => !done.has(c.cameraId)).map((c) => c.cameraId));
  }
}
