import { DatabaseSync } from 'node:sqlite';

/** The file may not grow by a single page from here: what a full file system does to SQLite (`SQLITE_FULL`). */
export function capAtCurrentSize(db: DatabaseSync): void {
  const { page_count: pages } = db.prepare('PRAGMA page_count').get() as { page_count: number };
  db.exec(`PRAGMA max_page_count = ${pages}`);
}

/**
 * Opens an outbox file read-only for a test to look into (the agent may hold it open); fails if it
 * does not exist. Waits up to 5 s for a lock as better-sqlite3 did by default (node:sqlite's default
 * is 0: a reader that meets the agent's checkpoint would fail at once with "database is locked").
 */
export function openReadOnly(file: string): DatabaseSync {
  return new DatabaseSync(file, { readOnly: true, timeout: 5000 });
}

/** `PRAGMA user_version`: the outbox schema's migration count. */
export function userVersion(db: DatabaseSync): number {
  return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
}
