import { SqliteOutboxStore } from '@camwatch/edge-agent';

/** One data message an agent committed to its outbox: the identity the hub must store exactly once. */
export interface ProducedRecord {
  stationId: string;
  bootId: string;
  seq: number;
  kind: string;
  cameraId: string | null;
  ts: number;
}

/**
 * The chaos run's record of production. A trigger on the outbox table copies every inserted
 * record's identity into `chaos_produced` inside the agent's own transaction, so the ledger is
 * exactly what was committed, survives a SIGKILL of the simulator mid-write, and keeps records
 * the outbox deletes once acknowledged (or thins when full).
 */
const LEDGER_SQL = `
  CREATE TABLE IF NOT EXISTS chaos_produced (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    station_id TEXT NOT NULL, boot_id TEXT NOT NULL, seq INTEGER NOT NULL,
    kind TEXT NOT NULL, camera_id TEXT, ts INTEGER NOT NULL
  );
  CREATE TRIGGER IF NOT EXISTS chaos_produced_log AFTER INSERT ON outbox BEGIN
    INSERT INTO chaos_produced (station_id, boot_id, seq, kind, camera_id, ts)
    VALUES (NEW.station_id, NEW.boot_id, NEW.seq, NEW.kind, NEW.camera_id, NEW.ts);
  END;`;

/** Creates the outbox file (schema migrated as the agent would) with the ledger trigger installed. */
export function installLedger(outboxPath: string): void {
  const store = new SqliteOutboxStore(outboxPath);
  try {
    store.db.exec(LEDGER_SQL);
  } finally {
    store.close();
  }
}

/** Reads a ledger while its simulator runs (WAL: a reader never blocks the writer). */
export class LedgerReader {
  private readonly store: SqliteOutboxStore;

  constructor(outboxPath: string) {
    this.store = new SqliteOutboxStore(outboxPath, { synchronous: 'NORMAL' });
  }

  /** Highest ledger id now: records up to it are the production to account for. */
  cutoff(): number {
    const row = this.store.db.prepare('SELECT coalesce(max(id), 0) AS id FROM chaos_produced').get() as { id: number };
    return row.id;
  }

  /** Records with `afterId < id <= upTo`, in pages. */
  *records(upTo: number, page = 20_000): Generator<ProducedRecord[]> {
    const stmt = this.store.db.prepare(
      `SELECT id, station_id AS stationId, boot_id AS bootId, seq, kind, camera_id AS cameraId, ts
         FROM chaos_produced WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`,
    );
    let after = 0;
    for (;;) {
      const rows = stmt.all(after, upTo, page) as unknown as (ProducedRecord & { id: number })[];
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.id;
      yield rows.map(({ id: _id, ...r }) => r);
    }
  }

  /** Records still waiting in the outboxes (not yet acknowledged by the broker). */
  pending(): number {
    return (this.store.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  }

  /** Records thinned out of full outboxes (announced by gap events, not deliverable). */
  thinned(): number {
    return (this.store.db.prepare('SELECT coalesce(sum(dropped_total), 0) AS n FROM station_meta').get() as { n: number }).n;
  }

  close(): void {
    this.store.close();
  }
}
