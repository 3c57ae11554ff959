import type { Db } from '../db/db.ts';

/** Health is judged on the samples of the last day only (older ones say nothing about now). */
const HEALTH_WINDOW = "interval '1 day'";

/** Health sample expressions a station-health rule may judge (never built from input). */
export const HEALTH_EXPRESSIONS = {
  disk_full: 'disk_used_pct',
  clock_skew: 'abs(clock_offset_ms)',
  // Percent of the daily budget the day ends on (the agent's projection, or what is sent if more); null without a budget.
  byte_budget: '100.0 * greatest(bytes_sent_today, coalesce(bytes_projected_today, 0)) / nullif(byte_budget, 0)',
} as const;

/**
 * What the alert engine reads to decide what is wrong right now: the status the ingest keeps
 * (liveness, open camera intervals, last health samples, births), the unit tree and maintenance
 * windows. Read-only, plus the advisory lock that lets one hub at a time evaluate.
 */
/** A connected private camera with its collector, commune and open status interval (if any). */
type PrivateCameraIntervalRow = {
  private_camera_id: number;
  station_id: string;
  unit_id: string;
  status: string | null;
  cause: string | null;
  started_at: Date | null;
};

export class AlertFactsRepository {
  constructor(private readonly db: Db) {}

  /** Takes the transaction-scoped advisory lock `key`; false when another session holds it. */
  async tryLock(key: number): Promise<boolean> {
    const lock = await this.db.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [key]);
    return lock.rows[0]?.ok === true;
  }

  async unitTree(): Promise<Map<string, { name: string; parentId: string | null }>> {
    const r = await this.db.query<{ id: string; name: string; parent_id: string | null }>('SELECT id, name, parent_id FROM units');
    return new Map(r.rows.map((u) => [u.id, { name: u.name, parentId: u.parent_id }]));
  }

  async stations(): Promise<{ id: string; name: string; unit_id: string; state: 'online' | 'offline' | null; changed_at: Date | null }[]> {
    const r = await this.db.query<{
      id: string;
      name: string;
      unit_id: string;
      state: 'online' | 'offline' | null;
      changed_at: Date | null;
    }>(
      `SELECT s.id, s.name, s.unit_id, l.state, l.changed_at FROM stations s LEFT JOIN station_liveness l ON l.station_id = s.id WHERE s.retired_at IS NULL`,
    );
    return r.rows;
  }

  async maintenanceAt(at: Date): Promise<{ station_id: string | null; unit_id: string | null }[]> {
    const r = await this.db.query<{ station_id: string | null; unit_id: string | null }>(
      'SELECT station_id, unit_id FROM maintenance_windows WHERE starts_at <= $1 AND ends_at > $1',
      [at],
    );
    return r.rows;
  }

  async openCameraIntervals(): Promise<{ id: string; station_id: string; status: string; cause: string | null; started_at: Date }[]> {
    const r = await this.db.query<{ id: string; station_id: string; status: string; cause: string | null; started_at: Date }>(
      `SELECT c.id, c.station_id, i.status, i.cause, i.started_at FROM cameras c JOIN stations s ON s.id = c.station_id
     LEFT JOIN camera_status_intervals i ON i.camera_id = c.id AND i.ended_at IS NULL
     WHERE c.retired_at IS NULL AND s.retired_at IS NULL`,
    );
    return r.rows;
  }

  /**
   * Connected private cameras (owner still consents to the connection, collector in service) with
   * their open status interval: a collector reports each under `pc-<register id>`.
   */
  async openPrivateCameraIntervals(): Promise<PrivateCameraIntervalRow[]> {
    const r = await this.db.query<PrivateCameraIntervalRow>(
      `SELECT k.private_camera_id::int AS private_camera_id, k.collector_station_id AS station_id, c.unit_id, i.status, i.cause, i.started_at
       FROM private_camera_connections k
       JOIN private_cameras c ON c.id = k.private_camera_id AND c.consent_scope = 'live_connection'
       JOIN stations s ON s.id = k.collector_station_id AND s.retired_at IS NULL
       LEFT JOIN camera_status_intervals i ON i.camera_id = 'pc-' || k.private_camera_id AND i.ended_at IS NULL`,
    );
    return r.rows;
  }

  /** Per station whose latest value of `rule`'s expression exceeds `threshold`: that value and the start of the run of bad samples. */
  async healthOverLimit(
    rule: keyof typeof HEALTH_EXPRESSIONS,
    now: number,
    threshold: number,
  ): Promise<{ station_id: string; value: number; since: Date }[]> {
    const expr = HEALTH_EXPRESSIONS[rule];
    // The run of bad samples that reaches the latest one: since = its first sample.
    const r = await this.db.query<{ station_id: string; value: number; since: Date }>(
      `WITH recent AS (SELECT station_id, ts, ${expr} AS v FROM health_samples WHERE ts > $1::timestamptz - ${HEALTH_WINDOW} AND ts <= $1),
            latest AS (SELECT DISTINCT ON (station_id) station_id, v FROM recent ORDER BY station_id, ts DESC),
            last_good AS (SELECT station_id, max(ts) AS ts FROM recent WHERE v IS NOT NULL AND v <= $2 GROUP BY station_id)
       SELECT l.station_id, l.v AS value, (SELECT min(r.ts) FROM recent r WHERE r.station_id = l.station_id AND r.ts > coalesce(g.ts, '-infinity')) AS since
       FROM latest l LEFT JOIN last_good g ON g.station_id = l.station_id WHERE l.v > $2`,
      [new Date(now), threshold],
    );
    return r.rows;
  }

  /** Each station's latest birth: the agent version it runs. */
  async latestBirths(): Promise<{ station_id: string; agent_version: string; ts: Date }[]> {
    const r = await this.db.query<{ station_id: string; agent_version: string; ts: Date }>(
      'SELECT DISTINCT ON (station_id) station_id, agent_version, ts FROM station_births ORDER BY station_id, ts DESC',
    );
    return r.rows;
  }
}
