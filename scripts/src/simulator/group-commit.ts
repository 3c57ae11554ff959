import type { Logger } from 'pino';

/** The part of a node:sqlite DatabaseSync this needs. */
export interface SqliteHandle {
  readonly isTransaction: boolean;
  exec(sql: string): unknown;
}

/** Called after each successful commit, outside any transaction (every row in the file is committed). */
export type OnGroupCommitted = () => void;

export interface GroupCommit {
  /** Commits what is pending and returns the database to autocommit. */
  stop(): void;
}

/**
 * Group commit for the simulator's shared outbox file. The real agent commits (and fsyncs)
 * every record on its own, which is right for one station and ruinous for 40,000 in one file:
 * a commit costs ~200 µs, five times the insert. Here one outer transaction stays open and is
 * committed every `everyMs`; the agent core's own transactions run inside it as savepoints
 * (the outbox's `transaction()` nests them), so its code and SQL are unchanged. A crash of the simulator may
 * lose the last `everyMs` of outbox writes; a simulated power cut never crashes the process.
 * Records must not leave before their commit (see fleet-runner's committed-only outbox view):
 * a published record that a crash then rolls back is a message no agent ever produced.
 */
export function startGroupCommit(
  db: SqliteHandle,
  everyMs: number,
  logger: Logger,
  onCommitted: OnGroupCommitted = () => undefined,
): GroupCommit {
  const begin = () => {
    if (!db.isTransaction) db.exec('BEGIN');
  };
  const commit = () => {
    if (db.isTransaction) db.exec('COMMIT');
    onCommitted();
  };
  begin();
  const timer = setInterval(() => {
    try {
      const started = performance.now();
      commit();
      const tookMs = performance.now() - started;
      // A slow commit stalls every station of the process: worth a line when it happens.
      if (tookMs > 250) logger.warn({ tookMs: Math.round(tookMs) }, 'slow outbox group commit');
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'outbox group commit failed; retrying at the next tick');
    }
    begin();
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      commit();
    },
  };
}
