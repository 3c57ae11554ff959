import type { Db } from '../../src/db/db.ts';

/**
 * Wraps a Db so that every statement sent through it (and its transactions) is counted: the storm
 * tests check that a batch's statement count does not grow with the number of stations.
 */
export function countingStatements(db: Db): { db: Db; count: () => number } {
  let n = 0;
  const wrap = (inner: Db): Db => ({
    features: inner.features,
    query: (sql, params) => {
      n++;
      return inner.query(sql, params);
    },
    copyRows: (table, columns, rows) => {
      n++;
      return inner.copyRows(table, columns, rows);
    },
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    close: () => inner.close(),
  });
  return { db: wrap(db), count: () => n };
}
