import type { CameraReference } from '@camwatch/config';
import type { Db } from '../db/db.ts';

/** A `reference_updated` event that carried the camera's reference. */
export interface ReferenceIn {
  stationId: string;
  cameraId: string;
  reference: CameraReference;
  /** The agent's time of the event: an older one replayed from an outbox never overwrites a newer one. */
  ts: number;
  receivedAt: number;
}

export interface StoredReference {
  cameraId: string;
  reference: CameraReference;
  ts: number;
}

/** The `camera_references` table: each camera's newest reference, as its own station reported it. */
export class ReferenceRepository {
  /**
   * Keeps the newest reference per camera. Only the camera's own station (in the inventory) may set
   * it: a station naming another's camera changes nothing. A view learnt by the agent never replaces
   * a different held view (see the statement). Returns how many rows changed.
   */
  async record(db: Db, refs: readonly ReferenceIn[]): Promise<number> {
    // One row per camera per statement: ON CONFLICT cannot update a row twice in one INSERT.
    const newest = new Map<string, ReferenceIn>();
    for (const r of refs) {
      const seen = newest.get(r.cameraId);
      if (!seen || seen.ts <= r.ts) newest.set(r.cameraId, r);
    }
    if (newest.size === 0) return 0;
    const rows = [...newest.values()];
    // A view a person accepted (once the agent has taken it) answers an earlier "aimed wrongly" flag.
    const r = await db.query<{ n: number }>(
      `WITH up AS (
         INSERT INTO camera_references (camera_id, station_id, frame_hash, picture, origin, ts, received_at)
         SELECT r.camera_id, r.station_id, r.frame_hash, r.picture, r.origin, r.ts, r.received_at
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
                AS r(camera_id, station_id, frame_hash, picture, origin, ts, received_at)
           JOIN cameras c ON c.id = r.camera_id AND c.station_id = r.station_id
         ON CONFLICT (camera_id) DO UPDATE SET station_id = excluded.station_id, frame_hash = excluded.frame_hash,
           picture = excluded.picture, origin = excluded.origin, ts = excluded.ts, received_at = excluded.received_at
         WHERE camera_references.ts <= excluded.ts
           -- A new view the agent learnt by itself while the hub holds another is a reinstalled agent's
           -- first look (the hub gives it the held one back); only a person's acceptance replaces a view.
           AND (excluded.origin <> 'learnt' OR camera_references.frame_hash IS NULL OR camera_references.frame_hash = excluded.frame_hash)
         RETURNING camera_id, origin, frame_hash, ts
       ), cleared AS (
         DELETE FROM camera_aim_flags f USING up
          WHERE f.camera_id = up.camera_id AND up.origin = 'accepted' AND up.frame_hash IS NOT NULL AND f.flagged_at <= up.ts
       )
       SELECT count(*)::int AS n FROM up`,
      [
        rows.map((x) => x.cameraId),
        rows.map((x) => x.stationId),
        rows.map((x) => x.reference.frameHash),
        rows.map((x) => x.reference.picture),
        rows.map((x) => x.reference.origin),
        rows.map((x) => new Date(x.ts)),
        rows.map((x) => new Date(x.receivedAt)),
      ],
    );
    return r.rows[0]?.n ?? 0;
  }

  /**
   * The stored reference views of these cameras, by station (for reinstalled agents), in one query
   * for a whole batch of births: a connection storm brings one from every station, each naming
   * cameras without a reference. A camera whose reference a person dropped (no view hash yet) has
   * none to give back.
   */
  async ofStations(
    db: Db,
    wanted: readonly { stationId: string; cameraIds: readonly string[] }[],
  ): Promise<Map<string, StoredReference[]>> {
    const pairs = wanted.flatMap((w) => w.cameraIds.map((cameraId) => [w.stationId, cameraId] as const));
    const out = new Map<string, StoredReference[]>();
    if (pairs.length === 0) return out;
    const r = await db.query<{
      station_id: string;
      camera_id: string;
      frame_hash: string | null;
      picture: string | null;
      origin: CameraReference['origin'];
      ts: Date;
    }>(
      `SELECT r.station_id, r.camera_id, r.frame_hash, r.picture, r.origin, r.ts
         FROM camera_references r JOIN unnest($1::text[], $2::text[]) AS w(station_id, camera_id)
           ON r.station_id = w.station_id AND r.camera_id = w.camera_id
        WHERE r.frame_hash IS NOT NULL ORDER BY r.station_id, r.camera_id`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    for (const x of r.rows) {
      const list = out.get(x.station_id) ?? [];
      list.push({
        cameraId: x.camera_id,
        reference: { frameHash: x.frame_hash, picture: x.picture, origin: x.origin },
        ts: x.ts.getTime(),
      });
      out.set(x.station_id, list);
    }
    return out;
  }

  /** Where each camera's reference came from and since when (the station panel). */
  async origins(db: Db, cameraIds: readonly string[]): Promise<Map<string, { origin: CameraReference['origin']; since: number }>> {
    const r = await db.query<{ camera_id: string; origin: CameraReference['origin']; ts: Date }>(
      'SELECT camera_id, origin, ts FROM camera_references WHERE camera_id = ANY($1::text[])',
      [cameraIds],
    );
    return new Map(r.rows.map((x) => [x.camera_id, { origin: x.origin, since: x.ts.getTime() }]));
  }
}
