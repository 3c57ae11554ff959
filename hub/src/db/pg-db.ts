import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TransactionDb, type Db, type ListenEvents, type Listening, type QueryResult, type TxConnection } from './db.ts';
import { PgListener } from './pg-listener.ts';
import { copyStatement, encodeCopyRows } from './copy-text.ts';

// int8 and numeric come back as strings by default; the hub's counters and sequence numbers fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

type Queryable = pg.Pool | pg.PoolClient;

async function runQuery<R>(q: Queryable, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  const res = await q.query(sql, params as unknown[] | undefined);
  return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
}

async function runCopy(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const stream = client.query(copyFrom(copyStatement(table, columns, 'STDIN')));
  await pipeline(Readable.from([encodeCopyRows(rows)]), stream);
  return stream.rowCount ?? rows.length;
}

/** One pooled connection inside a transaction. */
function clientConnection(client: pg.PoolClient): TxConnection {
  return {
    query: <R>(sql: string, params?: readonly unknown[]) => runQuery<R>(client, sql, params),
    copyRows: (table, columns, rows) => runCopy(client, table, columns, rows),
  };
}

export interface PgDbOptions {
  max?: number;
  /** Create the timescaledb extension when the server offers it (default true). */
  enableTimescale?: boolean;
}

/** Production Db: a `pg` pool; bulk loads through COPY FROM STDIN. */
export class PgDb implements Db {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    readonly features: { timescale: boolean },
    readonly timescaleNote: string,
  ) {}

  static async connect(url: string, opts: PgDbOptions = {}): Promise<PgDb> {
    // Ingest acknowledges a sample to the broker once its transaction commits, so a commit must be
    // durable whatever the server's default: with synchronous_commit off a crash loses acknowledged rows.
    const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 8, options: '-c synchronous_commit=on' });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', (err) => process.emitWarning(`postgres pool: ${err.message}`));
    try {
      const { timescale, note } = await detectTimescale(pool, opts.enableTimescale ?? true);
      return new PgDb(pool, url, { timescale }, note);
    } catch (err) {
      await pool.end();
      throw err;
    }
  }

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return runQuery<R>(this.pool, sql, params);
  }

  async copyRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number> {
    const client = await this.pool.connect();
    const watch = watchCheckedOut(client);
    try {
      return await runCopy(client, table, columns, rows);
    } finally {
      watch.stop();
      client.release(watch.failed);
    }
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const watch = watchCheckedOut(client);
    let broken = false;
    try {
      await client.query('BEGIN');
      const out = await fn(new TransactionDb(clientConnection(client), this.features, 'close the pool, not a transaction'));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        // A connection that cannot roll back is destroyed rather than returned to the pool.
        broken = true;
        (err as Error & { rollbackError?: unknown }).rollbackError = rollbackErr;
      }
      throw err;
    } finally {
      watch.stop();
      client.release(broken || watch.failed);
    }
  }

  /** LISTEN on its own connection (outside the pool), reconnecting when the server comes back. */
  listen(channel: string, onNotify: (payload: string) => void, events?: ListenEvents): Promise<Listening> {
    return new PgListener(this.url, channel, onNotify, events).start();
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/**
 * pg-pool listens for errors only on idle clients. A client checked out for a transaction that
 * loses its server between two queries (PostgreSQL restarting) emits 'error' with no listener,
 * which would crash the process; here the error is noted instead, the next query fails, the
 * transaction rolls back, and the client is destroyed rather than returned to the pool.
 */
function watchCheckedOut(client: pg.PoolClient): { readonly failed: boolean; stop(): void } {
  let failed = false;
  const onError = () => {
    failed = true;
  };
  client.on('error', onError);
  return {
    get failed() {
      return failed;
    },
    stop: () => client.off('error', onError),
  };
}

async function detectTimescale(pool: pg.Pool, enable: boolean): Promise<{ timescale: boolean; note: string }> {
  const installed = await pool.query(`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`);
  if (installed.rowCount) return { timescale: true, note: 'timescaledb extension installed' };
  const available = await pool.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`);
  if (!available.rowCount) return { timescale: false, note: 'timescaledb not available: plain PostgreSQL, hub enforces retention' };
  if (!enable) return { timescale: false, note: 'timescaledb available but disabled' };
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
    return { timescale: true, note: 'timescaledb extension created' };
  } catch (err) {
    // Typical cause: timescaledb missing from shared_preload_libraries. Plain PostgreSQL still works.
    return { timescale: false, note: `timescaledb available but not loadable: ${(err as Error).message}` };
  }
}
