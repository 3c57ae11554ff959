import type { Db, QueryResult } from './db.ts';

const NO_JIT = 'SET LOCAL jit = off';

/**
 * The uptime queries with PostgreSQL's JIT compiler off. The planner overestimates the unit
 * membership query at province scale (cost past jit_above_cost), and compiling it took ≈40 ms,
 * several times what the query then ran for (measured at 25,000 cameras); the other uptime
 * queries are index lookups or plain aggregates that gain nothing from it. Each query runs in
 * its own short transaction (or joins the caller's) so the setting never leaks to a pooled connection.
 */
export function withoutJit(db: Db): Db {
  return {
    features: db.features,
    query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      return db.transaction(async (tx) => {
        await tx.query(NO_JIT);
        return tx.query<R>(sql, params);
      });
    },
    copyRows: (table, columns, rows) => db.copyRows(table, columns, rows),
    transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) => {
        await tx.query(NO_JIT);
        return fn(tx);
      });
    },
    close: () => db.close(),
  };
}
