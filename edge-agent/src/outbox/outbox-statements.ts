import type { DatabaseSync } from 'node:sqlite';

/** Prepared once per file and shared by every station in it (the simulator runs thousands). */
export function prepareStatements(db: DatabaseSync) {
  // Rows as arrays, in this column order (see StationOutbox.next): the pump's read path builds each
  // record once instead of copying a row object (the drain bench's difference to better-sqlite3).
  const next = db.prepare(
    `SELECT id, kind, camera_id, boot_id, seq, ts, payload, jpeg, bytes
     FROM outbox WHERE station_id = ? AND id > ? ORDER BY id LIMIT ?`,
  );
  next.setReturnArrays(true);
  return {
    insert: db.prepare(
      `INSERT INTO outbox (station_id, kind, camera_id, boot_id, seq, ts, payload, jpeg, bytes)
       VALUES (@stationId, @kind, @cameraId, @bootId, @seq, @ts, @payload, @jpeg, @bytes)`,
    ),
    next,
    remove: db.prepare('DELETE FROM outbox WHERE station_id = ? AND id = ? RETURNING bytes'),
    totals: db.prepare('SELECT count(*) AS n, coalesce(sum(bytes), 0) AS bytes FROM outbox WHERE station_id = ?'),
    // The counts of gap markers come along: a marker thinned away hands them to the one that replaces it.
    ofKind: db.prepare(
      `SELECT id, ts, bytes, CASE WHEN kind = 'event' THEN json_extract(payload, '$.gap') END AS gap
       FROM outbox WHERE station_id = ? AND kind = ? ORDER BY id`,
    ),
    insertBoot: db.prepare('INSERT INTO boots (boot_id, station_id, started_at) VALUES (?, ?, ?)'),
    bumpSeq: db.prepare('UPDATE boots SET last_seq = ? WHERE boot_id = ?'),
    pruneBoots: db.prepare(
      `DELETE FROM boots WHERE station_id = ? AND boot_id NOT IN (
         SELECT boot_id FROM boots WHERE station_id = ? ORDER BY started_at DESC LIMIT 50)
       AND boot_id NOT IN (SELECT DISTINCT boot_id FROM outbox WHERE station_id = ?)`,
    ),
    meta: db.prepare(
      'SELECT dropped_total AS droppedTotal, bytes_day AS bytesDay, bytes_sent AS bytesSent FROM station_meta WHERE station_id = ?',
    ),
    ensureMeta: db.prepare('INSERT OR IGNORE INTO station_meta (station_id) VALUES (?)'),
    addDropped: db.prepare('UPDATE station_meta SET dropped_total = dropped_total + ? WHERE station_id = ?'),
    saveBytes: db.prepare('UPDATE station_meta SET bytes_day = ?, bytes_sent = ? WHERE station_id = ?'),
    getPictureReference: db.prepare('SELECT reference FROM camera_picture_reference WHERE station_id = ? AND camera_id = ?'),
    setPictureReference: db.prepare(
      `INSERT INTO camera_picture_reference (station_id, camera_id, reference, ts) VALUES (?, ?, ?, ?)
       ON CONFLICT (station_id, camera_id) DO UPDATE SET reference = excluded.reference, ts = excluded.ts`,
    ),
    getReference: db.prepare('SELECT hash FROM camera_reference WHERE station_id = ? AND camera_id = ?'),
    setReference: db.prepare(
      `INSERT INTO camera_reference (station_id, camera_id, hash, ts) VALUES (?, ?, ?, ?)
       ON CONFLICT (station_id, camera_id) DO UPDATE SET hash = excluded.hash, ts = excluded.ts`,
    ),
    clearReference: db.prepare('DELETE FROM camera_reference WHERE station_id = ? AND camera_id = ?'),
  };
}

export type OutboxStatements = ReturnType<typeof prepareStatements>;
