import type { Db } from './db.ts';
import { MIGRATIONS } from './migrations/index.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Runs inside one transaction; `db.features` tells whether TimescaleDB is present. */
  up(db: Db): Promise<void>;
}

/** Arbitrary constant: the advisory lock that keeps two hubs from migrating at once. */
const MIGRATION_LOCK = 72_614_001;

/** Applies every migration not yet recorded in `schema_migrations`, in order; returns the versions applied. */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), timescale boolean NOT NULL)`);
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.rowCount > 0) return false;
      await m.up(tx);
      await tx.query('INSERT INTO schema_migrations (version, name, timescale) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        db.features.timescale,
      ]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/** Splits a migration's SQL text on statement boundaries (`;` at line end) for drivers that run one statement per call. */
export async function runSql(db: Db, sql: string): Promise<void> {
  for (const stmt of sql
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean))
    await db.query(stmt);
}
