import type { PayloadOf } from '@camwatch/config';
import type { Db } from '../db/db.ts';

/** What the hub keeps of a snapshot once its JPEG is on disk: never the bytes. */
export interface StoredSnapshot {
  meta: PayloadOf<'snapshot'>;
  sha256: string;
  bytes: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export interface SnapshotRow {
  id: number;
  cameraId: string;
  stationId: string;
  ts: number;
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  trigger: string;
  isLatest: boolean;
  inHistory: boolean;
}

/**
 * Snapshot metadata. A camera keeps its latest snapshot plus a history of at most one per
 * `historyEveryMs` (command and reference snapshots are always kept). Rows that are neither
 * are deleted; their files are queued for the file collector, which runs after commit.
 */
export class SnapshotRepository {
  constructor(private readonly historyEveryMs: number) {}

  /**
   * Records one snapshot. `stored` is false for a redelivery; `dropped` lists the hashes of rows
   * removed (the new one when it is neither latest nor history, or the previous latest), for
   * the caller to collect after commit.
   */
  async record(db: Db, stationId: string, snap: StoredSnapshot): Promise<{ stored: boolean; dropped: string[] }> {
    const m = snap.meta;
    const ins = await db.query<{ id: number }>(
      `INSERT INTO snapshots (camera_id, station_id, boot_id, seq, ts, sha256, bytes, width, height, trigger)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (station_id, boot_id, seq) DO NOTHING RETURNING id::int AS id`,
      [m.cameraId, stationId, m.bootId, m.seq, iso(m.ts), snap.sha256, snap.bytes, m.width, m.height, m.trigger],
    );
    const id = ins.rows[0]?.id;
    if (id === undefined) return { stored: false, dropped: [] };
    const near = await db.query(
      `SELECT 1 FROM snapshots WHERE camera_id = $1 AND in_history AND id <> $2 AND ts > $3::timestamptz - make_interval(secs => $4) AND ts < $3::timestamptz + make_interval(secs => $4) LIMIT 1`,
      [m.cameraId, id, iso(m.ts), this.historyEveryMs / 1000],
    );
    const inHistory = m.trigger !== 'scheduled' || near.rowCount === 0;
    const latest = await db.query<{ id: number; ts: Date }>('SELECT id::int AS id, ts FROM snapshots WHERE camera_id = $1 AND is_latest', [
      m.cameraId,
    ]);
    const prev = latest.rows[0];
    const isLatest = !prev || new Date(prev.ts).getTime() <= m.ts;
    if (isLatest && prev) await db.query('UPDATE snapshots SET is_latest = false WHERE id = $1', [prev.id]);
    await db.query('UPDATE snapshots SET is_latest = $2, in_history = $3 WHERE id = $1', [id, isLatest, inHistory]);
    const del = await db.query<{ sha256: string }>(
      `DELETE FROM snapshots WHERE id = ANY($1::bigint[]) AND NOT is_latest AND NOT in_history RETURNING sha256`,
      [[id, ...(isLatest && prev ? [prev.id] : [])]],
    );
    return { stored: true, dropped: del.rows.map((r) => r.sha256) };
  }

  /**
   * Records a batch of snapshots as `record` would one after the other, in a fixed number of
   * statements: a connection storm brings every camera's reference snapshot at once, and six
   * statements per snapshot, one after the other inside the ingest transaction, were the largest
   * part of a storm batch. A camera with several snapshots in the batch (rare) goes through `record`,
   * in order, since each of them sees the flags the one before it set. `stored` is per item, in order.
   */
  async recordMany(
    db: Db,
    items: readonly { stationId: string; snap: StoredSnapshot }[],
  ): Promise<{ stored: boolean[]; dropped: string[] }> {
    const perCamera = new Map<string, number>();
    for (const i of items) perCamera.set(i.snap.meta.cameraId, (perCamera.get(i.snap.meta.cameraId) ?? 0) + 1);
    const single = items.filter((i) => perCamera.get(i.snap.meta.cameraId) === 1);
    const stored = new Map<(typeof items)[number], boolean>();
    const dropped: string[] = [];
    if (single.length) {
      const col = <T>(f: (i: (typeof items)[number]) => T) => single.map(f);
      const ins = await db.query<{ id: number; station_id: string; boot_id: string; seq: string }>(
        `INSERT INTO snapshots (camera_id, station_id, boot_id, seq, ts, sha256, bytes, width, height, trigger)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[], $6::text[], $7::int[], $8::int[], $9::int[], $10::text[])
         ON CONFLICT (station_id, boot_id, seq) DO NOTHING RETURNING id::int AS id, station_id, boot_id, seq::text AS seq`,
        [
          col((i) => i.snap.meta.cameraId),
          col((i) => i.stationId),
          col((i) => i.snap.meta.bootId),
          col((i) => i.snap.meta.seq),
          col((i) => iso(i.snap.meta.ts)),
          col((i) => i.snap.sha256),
          col((i) => i.snap.bytes),
          col((i) => i.snap.meta.width),
          col((i) => i.snap.meta.height),
          col((i) => i.snap.meta.trigger),
        ],
      );
      const idOf = new Map(ins.rows.map((r) => [`${r.station_id}|${r.boot_id}|${r.seq}`, r.id]));
      const fresh = single.flatMap((i) => {
        const id = idOf.get(`${i.stationId}|${i.snap.meta.bootId}|${i.snap.meta.seq}`);
        stored.set(i, id !== undefined);
        return id === undefined ? [] : [{ id, meta: i.snap.meta }];
      });
      if (fresh.length) dropped.push(...(await this.flagFresh(db, fresh)));
    }
    for (const i of items) {
      if (stored.has(i)) continue;
      const r = await this.record(db, i.stationId, i.snap);
      stored.set(i, r.stored);
      dropped.push(...r.dropped);
    }
    return { stored: items.map((i) => stored.get(i)!), dropped };
  }

  /** `record`'s history, latest and drop rules for new rows, one per camera, set-based; returns the dropped rows' hashes. */
  private async flagFresh(db: Db, fresh: readonly { id: number; meta: StoredSnapshot['meta'] }[]): Promise<string[]> {
    const seen = await db.query<{ id: number; near: boolean; prev_id: number | null; prev_ts: Date | null }>(
      `SELECT n.id::int AS id,
              EXISTS (SELECT 1 FROM snapshots s WHERE s.camera_id = n.camera_id AND s.in_history AND s.id <> n.id
                         AND s.ts > n.ts - make_interval(secs => $4) AND s.ts < n.ts + make_interval(secs => $4)) AS near,
              l.id::int AS prev_id, l.ts AS prev_ts
         FROM unnest($1::bigint[], $2::text[], $3::timestamptz[]) AS n(id, camera_id, ts)
         LEFT JOIN snapshots l ON l.camera_id = n.camera_id AND l.is_latest`,
      [fresh.map((f) => f.id), fresh.map((f) => f.meta.cameraId), fresh.map((f) => iso(f.meta.ts)), this.historyEveryMs / 1000],
    );
    const byId = new Map(seen.rows.map((r) => [r.id, r]));
    const flags = fresh.map((f) => {
      const r = byId.get(f.id)!;
      const isLatest = r.prev_id === null || new Date(r.prev_ts!).getTime() <= f.meta.ts;
      return { id: f.id, isLatest, inHistory: f.meta.trigger !== 'scheduled' || !r.near, replaces: isLatest ? r.prev_id : null };
    });
    const replaced = flags.flatMap((f) => (f.replaces === null ? [] : [f.replaces]));
    // The old latest rows first: the unique index allows one latest row per camera.
    if (replaced.length) await db.query('UPDATE snapshots SET is_latest = false WHERE id = ANY($1::bigint[])', [replaced]);
    await db.query(
      `UPDATE snapshots s SET is_latest = u.latest, in_history = u.history
         FROM unnest($1::bigint[], $2::boolean[], $3::boolean[]) AS u(id, latest, history) WHERE s.id = u.id`,
      [flags.map((f) => f.id), flags.map((f) => f.isLatest), flags.map((f) => f.inHistory)],
    );
    const del = await db.query<{ sha256: string }>(
      'DELETE FROM snapshots WHERE id = ANY($1::bigint[]) AND NOT is_latest AND NOT in_history RETURNING sha256',
      [[...flags.map((f) => f.id), ...replaced]],
    );
    return del.rows.map((r) => r.sha256);
  }

  async latest(db: Db, cameraId: string): Promise<SnapshotRow | null> {
    const res = await db.query<RawRow>(`${SELECT} WHERE camera_id = $1 AND is_latest`, [cameraId]);
    return res.rows[0] ? toRow(res.rows[0]) : null;
  }

  async history(db: Db, cameraId: string, limit = 100): Promise<SnapshotRow[]> {
    const res = await db.query<RawRow>(`${SELECT} WHERE camera_id = $1 AND in_history ORDER BY ts DESC LIMIT $2`, [cameraId, limit]);
    return res.rows.map(toRow);
  }

  /** Drops history older than `before` (never a camera's latest); returns the sha256 values no row refers to any more. */
  async expire(db: Db, before: number): Promise<{ deleted: number; orphans: string[] }> {
    const del = await db.query<{ sha256: string }>(`DELETE FROM snapshots WHERE ts < $1 AND NOT is_latest RETURNING sha256`, [iso(before)]);
    return {
      deleted: del.rowCount,
      orphans: await this.unreferenced(
        db,
        del.rows.map((r) => r.sha256),
      ),
    };
  }

  /** Of these hashes, those no snapshot row refers to. */
  async unreferenced(db: Db, shas: readonly string[]): Promise<string[]> {
    if (shas.length === 0) return [];
    const res = await db.query<{ sha256: string }>(
      `SELECT DISTINCT u.sha256 FROM unnest($1::text[]) AS u(sha256) WHERE NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.sha256 = u.sha256)`,
      [[...new Set(shas)]],
    );
    return res.rows.map((r) => r.sha256);
  }
}

type RawRow = {
  id: number;
  camera_id: string;
  station_id: string;
  ts: Date;
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  trigger: string;
  is_latest: boolean;
  in_history: boolean;
};
const SELECT =
  'SELECT id::int AS id, camera_id, station_id, ts, sha256, bytes, width, height, trigger, is_latest, in_history FROM snapshots';
const toRow = (r: RawRow): SnapshotRow => ({
  id: r.id,
  cameraId: r.camera_id,
  stationId: r.station_id,
  ts: new Date(r.ts).getTime(),
  sha256: r.sha256,
  bytes: r.bytes,
  width: r.width,
  height: r.height,
  trigger: r.trigger,
  isLatest: r.is_latest,
  inHistory: r.in_history,
});
