import type { Db } from '../db/db.ts';
import type { SnapshotRow } from './snapshot-repository.ts';

/** The same snapshots row the ingest writes, without what only retention needs. */
export type SnapshotMetaRow = Omit<SnapshotRow, 'bytes' | 'isLatest' | 'inHistory'>;

/** A snapshots row as selected with SNAPSHOT_META_COLUMNS; toSnapshotMeta maps it. Also read by the investigation's query. */
export type SnapshotMetaRaw = {
  id: number;
  camera_id: string;
  station_id: string;
  ts: Date;
  sha256: string;
  width: number;
  height: number;
  trigger: string;
};
type Raw = SnapshotMetaRaw;
export const SNAPSHOT_META_COLUMNS = 'id::int AS id, camera_id, station_id, ts, sha256, width, height, trigger';
const SELECT = `SELECT ${SNAPSHOT_META_COLUMNS} FROM snapshots`;
export const toSnapshotMeta = (r: SnapshotMetaRaw): SnapshotMetaRow => ({
  id: r.id,
  cameraId: r.camera_id,
  stationId: r.station_id,
  ts: r.ts.getTime(),
  sha256: r.sha256,
  width: r.width,
  height: r.height,
  trigger: r.trigger,
});

/** Snapshot metadata as the API reads it (the ingest's SnapshotRepository writes it). */
export class SnapshotReadRepository {
  constructor(private readonly db: Db) {}

  async byId(id: number): Promise<(SnapshotMetaRow & { unitId: string }) | null> {
    const r = await this.db.query<Raw & { unit_id: string }>(
      `SELECT sn.id::int AS id, sn.camera_id, sn.station_id, sn.ts, sn.sha256, sn.width, sn.height, sn.trigger, s.unit_id
       FROM snapshots sn JOIN cameras c ON c.id = sn.camera_id JOIN stations s ON s.id = c.station_id WHERE sn.id = $1`,
      [id],
    );
    const row = r.rows[0];
    return row ? { ...toSnapshotMeta(row), unitId: row.unit_id } : null;
  }

  async latest(cameraIds: readonly string[]): Promise<Map<string, SnapshotMetaRow>> {
    const r = await this.db.query<Raw>(`${SELECT} WHERE camera_id = ANY($1::text[]) AND is_latest`, [cameraIds]);
    return new Map(r.rows.map((x) => [x.camera_id, toSnapshotMeta(x)]));
  }

  /** The newest reference snapshot per camera (the view the camera should have). */
  async reference(cameraIds: readonly string[]): Promise<Map<string, SnapshotMetaRow>> {
    const r = await this.db.query<Raw>(
      `SELECT DISTINCT ON (camera_id) id::int AS id, camera_id, station_id, ts, sha256, width, height, trigger FROM snapshots
       WHERE camera_id = ANY($1::text[]) AND trigger = 'reference' ORDER BY camera_id, ts DESC`,
      [cameraIds],
    );
    return new Map(r.rows.map((x) => [x.camera_id, toSnapshotMeta(x)]));
  }

  async history(cameraId: string, q: { from?: number; to?: number; limit: number }): Promise<SnapshotMetaRow[]> {
    const r = await this.db.query<Raw>(
      `${SELECT} WHERE camera_id = $1 AND (in_history OR is_latest) AND ts >= $2 AND ts < $3 ORDER BY ts DESC LIMIT $4`,
      [cameraId, new Date(q.from ?? 0), new Date(q.to ?? 8.64e15), q.limit],
    );
    return r.rows.map(toSnapshotMeta);
  }

  /** The last snapshot taken at or before `ts`: the picture just before an outage began. */
  async lastBefore(cameraId: string, ts: number): Promise<SnapshotMetaRow | null> {
    const r = await this.db.query<Raw>(`${SELECT} WHERE camera_id = $1 AND ts <= $2 ORDER BY ts DESC LIMIT 1`, [cameraId, new Date(ts)]);
    return r.rows[0] ? toSnapshotMeta(r.rows[0]) : null;
  }

  /** lastBefore for many cameras at once (repair queue, outage report). */
  async lastBeforeMany(items: readonly { cameraId: string; ts: number }[]): Promise<Map<string, SnapshotMetaRow>> {
    if (items.length === 0) return new Map();
    const r = await this.db.query<Raw & { key: string }>(
      `SELECT q.camera_id || '|' || q.n AS key, sn.id::int AS id, sn.camera_id, sn.station_id, sn.ts, sn.sha256, sn.width, sn.height, sn.trigger
       FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS q(camera_id, before, n)
       JOIN LATERAL (SELECT * FROM snapshots s WHERE s.camera_id = q.camera_id AND s.ts <= q.before ORDER BY s.ts DESC LIMIT 1) sn ON true`,
      [items.map((i) => i.cameraId), items.map((i) => new Date(i.ts))],
    );
    const byKey = new Map(r.rows.map((x) => [x.key, toSnapshotMeta(x)]));
    return new Map(
      items.flatMap((i, n) => {
        const hit = byKey.get(`${i.cameraId}|${n + 1}`);
        return hit ? [[`${i.cameraId}|${i.ts}`, hit] as const] : [];
      }),
    );
  }
}
