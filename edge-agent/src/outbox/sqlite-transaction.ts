import type { DatabaseSync } from 'node:sqlite';

/**
 * `fn` as one transaction, the way better-sqlite3's `db.transaction()` ran the outbox before
 * node:sqlite: BEGIN … COMMIT, or a SAVEPOINT when a transaction is already open (the simulator
 * keeps one open for its group commit, and the agent's own transactions must nest inside it).
 * On a throw everything `fn` wrote is undone, unless SQLite already rolled the whole transaction
 * back itself (it may on SQLITE_FULL or an I/O error), and the error is rethrown.
 */
export function transaction<A extends unknown[], R>(db: DatabaseSync, fn: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    const nested = db.isTransaction;
    db.exec(nested ? 'SAVEPOINT outbox_tx' : 'BEGIN');
    try {
      const result = fn(...args);
      db.exec(nested ? 'RELEASE outbox_tx' : 'COMMIT');
      return result;
    } catch (err) {
      if (db.isTransaction) {
        if (nested) {
          db.exec('ROLLBACK TO outbox_tx');
          db.exec('RELEASE outbox_tx');
        } else db.exec('ROLLBACK');
      }
      throw err;
    }
  };
}
