import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DEFAULTS } from '@camwatch/config';
import { migrate } from './outbox-schema.ts';
import { StationOutbox } from './station-outbox.ts';
import { prepareStatements, type OutboxStatements } from './outbox-statements.ts';

export interface SqliteOutboxOptions {
  /**
   * `FULL` (default, the real agent): every commit is fsynced to the WAL before it returns, so a
   * committed record survives a power cut. `NORMAL`: WAL is fsynced only at checkpoints; a power
   * cut may lose the last commits but never corrupts the file (fine for the simulator, which runs
   * thousands of stations in one file and has no power to lose).
   */
  synchronous?: 'FULL' | 'NORMAL';
}

export interface StationOutboxOptions {
  /** Disk budget of this station's pending records. */
  maxBytes?: number;
}

/**
 * One SQLite file holding the outbox of one station (the real agent) or of many (the simulator:
 * one file, `forStation(id)` per station). WAL mode: a writer killed mid-transaction leaves the
 * last committed state; a reader never sees a half-written record.
 */
export class SqliteOutboxStore {
  readonly db: DatabaseSync;
  private readonly statements: OutboxStatements;
  private readonly stations = new Map<string, StationOutbox>();

  constructor(
    readonly path: string,
    opts: SqliteOutboxOptions = {},
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    // Node's built-in SQLite (no native module to build per architecture); same pragmas as ever.
    this.db = new DatabaseSync(path, { timeout: 5000 });
    this.db.exec('PRAGMA journal_mode = WAL');
    this.db.exec(`PRAGMA synchronous = ${opts.synchronous ?? 'FULL'}`);
    migrate(this.db);
    this.statements = prepareStatements(this.db);
  }

  /** The outbox of one station; the same object for repeated calls. */
  forStation(stationId: string, opts: StationOutboxOptions = {}): StationOutbox {
    let outbox = this.stations.get(stationId);
    if (!outbox) {
      outbox = new StationOutbox(this.db, this.statements, stationId, opts.maxBytes ?? DEFAULTS.outboxMaxBytes.value);
      this.stations.set(stationId, outbox);
    }
    return outbox;
  }

  close(): void {
    this.stations.clear();
    if (this.db.isOpen) this.db.close();
  }
}
