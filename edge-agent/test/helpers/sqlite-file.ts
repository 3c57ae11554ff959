import { DatabaseSync } from 'node:sqlite';

/** The file may not grow by a single page from here: what a full file system does to SQLite (`SQLITE_FULL`). */
export function capAtCurrentSize(db: DatabaseSync): void {
  const { page_count: pages } = db.prepare('PRAGMA page_count').get() as { page_count: number };
  db.exec(`PRAGMA max_page_count = ${pages}`);
}

/** Opens an outbox file read-only for a test to look into (the agent may hold it open); fails if it does not exist. */
export function openReadOnly(file: string): DatabaseSync {
  return new DatabaseSync(file, { readOnly: true });
}

/** `PRAGMA user_version`: the outbox schema's migration count. */
export function userVersion(db: DatabaseSync): number {
  return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
}
