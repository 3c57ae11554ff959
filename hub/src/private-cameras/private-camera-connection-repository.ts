import type { CameraMapStatus, CameraStatusValue } from '@camwatch/config';
import type { Db } from '../db/db.ts';

export interface ConnectionRow {
  private_camera_id: number;
  collector_station_id: string;
  rtsp_url: string;
  onvif_url: string | null;
  credentials_enc: Buffer | null;
  connected_at: Date;
}

/** A connection as the API shows it: no address, no credentials; the status its collector last reported. */
export interface ConnectionViewRow {
  private_camera_id: number;
  collector_station_id: string;
  has_onvif: boolean;
  credentials_set: boolean;
  connected_at: Date;
  status: CameraStatusValue | 'unknown' | null;
  cause: string | null;
  since: Date | null;
}

export interface ConnectionWrite {
  privateCameraId: number;
  collectorStationId: string;
  rtspUrl: string;
  onvifUrl: string | null;
  /** Undefined keeps the stored credentials; null clears them. */
  credentialsEnc: Buffer | null | undefined;
  by: string;
  at: number;
}

/** Arbitrary constant: the advisory lock of connection reassignments. */
const REASSIGN_LOCK = 72_614_160;

/** Camera id of a private camera as its collector reports it (`privateCameraTargetId` in config). */
const TARGET_ID = `'pc-' || k.private_camera_id`;

/** `private_camera_connections`, and the collectors (stations of type `collector`) that check them. */
export class PrivateCameraConnectionRepository {
  /** The collector nearest the unit: in the unit itself, else in the closest unit above it. */
  async nearestCollector(db: Db, unitId: string): Promise<string | null> {
    const r = await db.query<{ id: string }>(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, 0 AS depth FROM units WHERE id = $1
         UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id)
       SELECT s.id FROM up JOIN stations s ON s.unit_id = up.id
       WHERE s.type = 'collector' AND s.retired_at IS NULL ORDER BY up.depth, s.id LIMIT 1`,
      [unitId],
    );
    return r.rows[0]?.id ?? null;
  }

  /**
   * Puts every connection on the collector nearest its camera's unit now (same choice as
   * nearestCollector) where that is another one: after a camera moved to another unit, or a
   * collector was added, moved or retired. A camera left with no collector up its chain keeps
   * the one it has. Answers what moved.
   */
  async reassign(db: Db): Promise<{ private_camera_id: number; unit_id: string; from: string; to: string }[]> {
    const r = await db.query<{ private_camera_id: number; unit_id: string; from: string; to: string }>(
      `WITH RECURSIVE up AS (
         SELECT k.private_camera_id, c.unit_id AS id, 0 AS depth
         FROM private_camera_connections k JOIN private_cameras c ON c.id = k.private_camera_id
         UNION ALL SELECT up.private_camera_id, u.parent_id, up.depth + 1 FROM up JOIN units u ON u.id = up.id
         WHERE u.parent_id IS NOT NULL AND up.depth < 64),
       nearest AS (
         SELECT DISTINCT ON (up.private_camera_id) up.private_camera_id, s.id AS collector
         FROM up JOIN stations s ON s.unit_id = up.id AND s.type = 'collector' AND s.retired_at IS NULL
         ORDER BY up.private_camera_id, up.depth, s.id),
       moved AS (
         SELECT k.private_camera_id, k.collector_station_id AS old, n.collector AS new
         FROM private_camera_connections k JOIN nearest n ON n.private_camera_id = k.private_camera_id
         WHERE n.collector <> k.collector_station_id)
       UPDATE private_camera_connections k SET collector_station_id = m.new FROM moved m, private_cameras c
       WHERE k.private_camera_id = m.private_camera_id AND c.id = k.private_camera_id
       RETURNING k.private_camera_id::int AS private_camera_id, c.unit_id, m.old AS "from", m.new AS "to"`,
    );
    return r.rows;
  }

  /** Serialises reassignments across hubs (held until the transaction ends). */
  async lockReassign(db: Db): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock($1)', [REASSIGN_LOCK]);
  }

  async get(db: Db, privateCameraId: number): Promise<ConnectionRow | null> {
    const r = await db.query<ConnectionRow>(
      `SELECT private_camera_id::int AS private_camera_id, collector_station_id, rtsp_url, onvif_url, credentials_enc, connected_at
       FROM private_camera_connections WHERE private_camera_id = $1`,
      [privateCameraId],
    );
    return r.rows[0] ?? null;
  }

  async upsert(db: Db, c: ConnectionWrite): Promise<void> {
    const keep = c.credentialsEnc === undefined;
    await db.query(
      `INSERT INTO private_camera_connections (private_camera_id, collector_station_id, rtsp_url, onvif_url, credentials_enc, connected_by, connected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (private_camera_id) DO UPDATE SET collector_station_id = EXCLUDED.collector_station_id, rtsp_url = EXCLUDED.rtsp_url,
         onvif_url = EXCLUDED.onvif_url, connected_by = EXCLUDED.connected_by, connected_at = EXCLUDED.connected_at,
         credentials_enc = ${keep ? 'private_camera_connections.credentials_enc' : 'EXCLUDED.credentials_enc'}`,
      [c.privateCameraId, c.collectorStationId, c.rtspUrl, c.onvifUrl, keep ? null : c.credentialsEnc, c.by, new Date(c.at)],
    );
  }

  /** Removes the connection; answers the collector that was checking it (null when there was none). */
  async delete(db: Db, privateCameraId: number): Promise<string | null> {
    const r = await db.query<{ collector_station_id: string }>(
      `DELETE FROM private_camera_connections WHERE private_camera_id = $1 RETURNING collector_station_id`,
      [privateCameraId],
    );
    return r.rows[0]?.collector_station_id ?? null;
  }

  /** What one collector must check: connections whose consent still allows it. */
  async targets(db: Db, collectorStationId: string): Promise<ConnectionRow[]> {
    const r = await db.query<ConnectionRow>(
      `SELECT k.private_camera_id::int AS private_camera_id, k.collector_station_id, k.rtsp_url, k.onvif_url, k.credentials_enc, k.connected_at
       FROM private_camera_connections k JOIN private_cameras c ON c.id = k.private_camera_id
       WHERE k.collector_station_id = $1 AND c.consent_scope = 'live_connection' ORDER BY k.private_camera_id`,
      [collectorStationId],
    );
    return r.rows;
  }

  /** Every collector in service (each gets its list again when a hub starts: an embedded broker forgets retained messages). */
  async collectors(db: Db): Promise<string[]> {
    const r = await db.query<{ id: string }>(`SELECT id FROM stations WHERE type = 'collector' AND retired_at IS NULL ORDER BY id`);
    return r.rows.map((x) => x.id);
  }

  async views(db: Db, privateCameraIds: readonly number[]): Promise<Map<number, ConnectionViewRow>> {
    if (privateCameraIds.length === 0) return new Map();
    const r = await db.query<ConnectionViewRow>(
      `SELECT k.private_camera_id::int AS private_camera_id, k.collector_station_id, k.onvif_url IS NOT NULL AS has_onvif,
         k.credentials_enc IS NOT NULL AS credentials_set, k.connected_at,
         CASE WHEN l.state = 'online' THEN i.status END AS status, CASE WHEN l.state = 'online' THEN i.cause END AS cause,
         CASE WHEN l.state = 'online' THEN i.started_at END AS since
       FROM private_camera_connections k
       LEFT JOIN station_liveness l ON l.station_id = k.collector_station_id
       LEFT JOIN camera_status_intervals i ON i.camera_id = ${TARGET_ID} AND i.ended_at IS NULL
       WHERE k.private_camera_id = ANY($1::bigint[])`,
      [privateCameraIds],
    );
    return new Map(r.rows.map((x) => [x.private_camera_id, x]));
  }

  /**
   * The map status of every connected camera among `privateCameraIds`: its collector's last
   * report while the collector is online, else unknown (nothing is known of it then).
   */
  async mapStatuses(db: Db, privateCameraIds: readonly number[]): Promise<Map<number, CameraMapStatus>> {
    if (privateCameraIds.length === 0) return new Map();
    const r = await db.query<{ private_camera_id: number; status: CameraMapStatus }>(
      `SELECT k.private_camera_id::int AS private_camera_id,
         CASE WHEN l.state = 'online' AND i.status IS NOT NULL THEN i.status ELSE 'unknown' END AS status
       FROM private_camera_connections k JOIN private_cameras c ON c.id = k.private_camera_id AND c.consent_scope = 'live_connection'
       LEFT JOIN station_liveness l ON l.station_id = k.collector_station_id
       LEFT JOIN camera_status_intervals i ON i.camera_id = ${TARGET_ID} AND i.ended_at IS NULL
       WHERE k.private_camera_id = ANY($1::bigint[])`,
      [privateCameraIds],
    );
    return new Map(r.rows.map((x) => [x.private_camera_id, x.status]));
  }

  /** Connected private cameras of these units, and how many are working now (ok, collector online): the reports' separate line. */
  async counts(db: Db, unitIds: readonly string[]): Promise<{ cameras: number; working: number }> {
    const r = await db.query<{ cameras: number; working: number }>(
      `SELECT count(*)::int AS cameras, count(*) FILTER (WHERE l.state = 'online' AND i.status = 'ok')::int AS working
       FROM private_camera_connections k JOIN private_cameras c ON c.id = k.private_camera_id
       LEFT JOIN station_liveness l ON l.station_id = k.collector_station_id
       LEFT JOIN camera_status_intervals i ON i.camera_id = ${TARGET_ID} AND i.ended_at IS NULL
       WHERE c.unit_id = ANY($1::text[]) AND c.consent_scope = 'live_connection'`,
      [unitIds],
    );
    return r.rows[0] ?? { cameras: 0, working: 0 };
  }
}
