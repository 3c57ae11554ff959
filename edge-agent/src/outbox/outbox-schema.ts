import type { DatabaseSync } from 'node:sqlite';
import { transaction } from './sqlite-transaction.ts';

/**
 * AUTOINCREMENT matters: the sender walks the outbox with an id cursor, and a plain rowid may be
 * reused after the newest row is deleted (acked), which would hide a new record behind the cursor.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     station_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     camera_id TEXT,
     boot_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     ts INTEGER NOT NULL,
     payload TEXT NOT NULL,
     jpeg BLOB,
     bytes INTEGER NOT NULL
   );
   CREATE INDEX outbox_station ON outbox(station_id, id);
   CREATE INDEX outbox_station_kind ON outbox(station_id, kind, id);
   CREATE TABLE boots (
     boot_id TEXT PRIMARY KEY,
     station_id TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     last_seq INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX boots_station ON boots(station_id, started_at);
   CREATE TABLE station_meta (
     station_id TEXT PRIMARY KEY,
     dropped_total INTEGER NOT NULL DEFAULT 0,
     bytes_day INTEGER NOT NULL DEFAULT 0,
     bytes_sent INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE camera_reference (
     station_id TEXT NOT NULL,
     camera_id TEXT NOT NULL,
     hash TEXT NOT NULL,
     ts INTEGER NOT NULL,
     PRIMARY KEY (station_id, camera_id)
   );`,
  // Each camera's own day and night picture references (JSON, see picture/picture-reference.ts).
  `CREATE TABLE camera_picture_reference (
     station_id TEXT NOT NULL,
     camera_id TEXT NOT NULL,
     reference TEXT NOT NULL,
     ts INTEGER NOT NULL,
     PRIMARY KEY (station_id, camera_id)
   );`,
];

/** Applies the migrations the file has not seen yet, tracked in `PRAGMA user_version`. */
export function migrate(db: DatabaseSync): void {
  const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  for (let v = version; v < MIGRATIONS.length; v++) {
    transaction(db, () => {
      db.exec(MIGRATIONS[v]!);
      db.exec(`PRAGMA user_version = ${v + 1}`);
    })();
  }
}
