import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteOutboxStore } from '@camwatch/edge-agent';
import Database from 'better-sqlite3';

/**
 * `pnpm bench outbox-sqlite [--records N]`: the agent outbox's own workload on the two SQLite
 * bindings Node 24 offers. The outbox moved from the native better-sqlite3 to the built-in
 * `node:sqlite` (issue 17: the native module was what needed a cross-build per architecture);
 * better-sqlite3, kept as a devDependency of scripts for this, is the baseline measured in the
 * same run, used as the outbox used it (row objects). node:sqlite is used as the outbox uses it
 * now: rows as arrays for the pump's read path (`setReturnArrays`, see outbox-statements.ts).
 * Same file settings as the outbox (WAL, synchronous FULL: every append survives a power cut),
 * same statements: an append is one transaction (insert, the boot's last seq, the day's bytes);
 * the pump reads pending records by id cursor and deletes acknowledged ones in batches of 50.
 * Every 20th record carries a 40 KB snapshot. A third row runs the agent's real outbox
 * (`SqliteOutboxStore`: append; next + one ack per record, as the pump does) for the record.
 * Exit code 1 when the outbox cannot append 200 durable records/s (a station produces about 1 a
 * second; a reconnect burst with eight cameras a few dozen).
 */
interface Statement {
  run(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown[];
}
interface Engine {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}
interface Binding {
  open(file: string): Engine;
  /** The pump's read statement as the outbox uses it with this binding; `cursorOf` reads a row's id. */
  reader(stmt: Statement): { stmt: Statement; cursorOf: (row: unknown) => number };
}

const SCHEMA = `
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = FULL;
  CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, station_id TEXT NOT NULL, kind TEXT NOT NULL, camera_id TEXT,
    boot_id TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, payload TEXT NOT NULL, jpeg BLOB, bytes INTEGER NOT NULL);
  CREATE INDEX outbox_station ON outbox(station_id, id);
  CREATE TABLE boots (boot_id TEXT PRIMARY KEY, station_id TEXT NOT NULL, started_at INTEGER NOT NULL, last_seq INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE station_meta (station_id TEXT PRIMARY KEY, bytes_day INTEGER NOT NULL DEFAULT 0);
  INSERT INTO boots VALUES ('boot-1', 'LA-BL-0042', 0, 0);
  INSERT INTO station_meta VALUES ('LA-BL-0042', 0);`;

const PAYLOAD = JSON.stringify({
  v: 1,
  stationId: 'LA-BL-0042',
  bootId: 'boot-1',
  ts: 1_790_000_000_000,
  cpuPct: 12.5,
  memPct: 41.2,
  diskPct: 18,
  tempC: 47.5,
  uptimeS: 86_400,
  outboxPending: 0,
  cameras: Array.from({ length: 4 }, (_, i) => ({ cameraId: `LA-BL-0042-C${i + 1}`, status: 'ok', fps: 25, bitrateKbps: 1024 })),
});
const JPEG = Buffer.alloc(40_000, 0xab);

interface Figures {
  appendsPerSec: number;
  drainPerSec: number;
}

function run(binding: Binding, records: number, dir: string, name: string): Figures {
  const db = binding.open(join(dir, `${name}.db`));
  try {
    db.exec(SCHEMA);
    const insert = db.prepare(
      'INSERT INTO outbox (station_id, kind, camera_id, boot_id, seq, ts, payload, jpeg, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const seq = db.prepare('UPDATE boots SET last_seq = ? WHERE boot_id = ?');
    const bytes = db.prepare('UPDATE station_meta SET bytes_day = bytes_day + ? WHERE station_id = ?');
    const t0 = performance.now();
    for (let i = 1; i <= records; i++) {
      const jpeg = i % 20 === 0 ? JPEG : null;
      db.exec('BEGIN IMMEDIATE');
      insert.run(
        'LA-BL-0042',
        jpeg ? 'snapshot' : 'health',
        null,
        'boot-1',
        i,
        1_790_000_000_000 + i,
        PAYLOAD,
        jpeg,
        PAYLOAD.length + (jpeg?.length ?? 0),
      );
      seq.run(i, 'boot-1');
      bytes.run(PAYLOAD.length, 'LA-BL-0042');
      db.exec('COMMIT');
    }
    const appendS = (performance.now() - t0) / 1000;

    const pending = binding.reader(
      db.prepare('SELECT id, kind, payload, jpeg FROM outbox WHERE station_id = ? AND id > ? ORDER BY id LIMIT 50'),
    );
    const ack = db.prepare('DELETE FROM outbox WHERE station_id = ? AND id <= ?');
    let cursor = 0;
    let drained = 0;
    const t1 = performance.now();
    for (;;) {
      const rows = pending.stmt.all('LA-BL-0042', cursor);
      if (rows.length === 0) break;
      cursor = pending.cursorOf(rows[rows.length - 1]);
      drained += rows.length;
      db.exec('BEGIN IMMEDIATE');
      ack.run('LA-BL-0042', cursor);
      db.exec('COMMIT');
    }
    const drainS = (performance.now() - t1) / 1000;
    if (drained !== records) throw new Error(`${name}: drained ${drained} of ${records} records`);
    return { appendsPerSec: records / appendS, drainPerSec: records / drainS };
  } finally {
    db.close();
  }
}

const betterSqlite: Binding = {
  open: (file) => new Database(file),
  reader: (stmt) => ({ stmt, cursorOf: (row) => (row as { id: number }).id }),
};
const nodeSqlite: Binding = {
  open: (file) => new DatabaseSync(file) as unknown as Engine,
  reader: (stmt) => {
    (stmt as unknown as { setReturnArrays(on: boolean): void }).setReturnArrays(true);
    return { stmt, cursorOf: (row) => (row as number[])[0]! };
  },
};

/** The agent's own outbox end to end: StationOutbox.append, then next(cursor, 50) and ack(id) per record as the pump does. */
function runOutbox(records: number, dir: string, name: string): Figures {
  const store = new SqliteOutboxStore(join(dir, `${name}.db`));
  try {
    const outbox = store.forStation('LA-BL-0042', { maxBytes: 1 << 30 });
    outbox.startBoot(1_790_000_000_000);
    // The sample without its envelope: append stamps station, boot, seq and time itself.
    const { v: _v, stationId: _s, bootId: _b, ts: _t, ...fields } = JSON.parse(PAYLOAD) as Record<string, unknown>;
    const t0 = performance.now();
    for (let i = 1; i <= records; i++) {
      const ts = 1_790_000_000_000 + i;
      if (i % 20 === 0) outbox.append('snapshot', { cameraId: 'LA-BL-0042-C1', width: 1280, height: 720, trigger: 'scheduled' }, ts, JPEG);
      else outbox.append('health', fields as never, ts);
    }
    const appendS = (performance.now() - t0) / 1000;
    let cursor = 0;
    let drained = 0;
    const t1 = performance.now();
    for (;;) {
      const rows = outbox.next(cursor, 50);
      if (rows.length === 0) break;
      for (const r of rows) outbox.ack(r.id);
      cursor = rows[rows.length - 1]!.id;
      drained += rows.length;
    }
    const drainS = (performance.now() - t1) / 1000;
    if (drained !== records || outbox.stats().pending !== 0) throw new Error(`${name}: drained ${drained} of ${records} records`);
    return { appendsPerSec: records / appendS, drainPerSec: records / drainS };
  } finally {
    store.close();
  }
}

export default function outboxSqliteBench(argv: string[]): boolean {
  const at = argv.indexOf('--records');
  const records = at >= 0 ? Number(argv[at + 1]) : 3_000;
  const dir = mkdtempSync(join(tmpdir(), 'camwatch-outbox-sqlite-'));
  const log = (s: string) => process.stdout.write(`${s}\n`);
  try {
    log(
      `outbox bench: ${records} durable appends (WAL, synchronous FULL, one transaction each; every 20th with 40 KB), then drained in batches of 50`,
    );
    // Warm-up of both (page cache, JIT), then each measured three times in turn; the best run counts (others share this machine).
    run(betterSqlite, 200, dir, 'warm-b');
    run(nodeSqlite, 200, dir, 'warm-n');
    // Interleaved, so that a burst of load from others on this machine hits both alike.
    const better: Figures[] = [];
    const builtin: Figures[] = [];
    for (const i of [1, 2, 3]) {
      better.push(run(betterSqlite, records, dir, `b${i}`));
      builtin.push(run(nodeSqlite, records, dir, `n${i}`));
    }
    const outbox = runOutbox(records, dir, 'outbox');
    const best = (xs: Figures[]): Figures => ({
      appendsPerSec: Math.max(...xs.map((x) => x.appendsPerSec)),
      drainPerSec: Math.max(...xs.map((x) => x.drainPerSec)),
    });
    const b = best(better);
    const n = best(builtin);
    log('| binding | appends/s | drained records/s |');
    log('|---|---|---|');
    log(`| better-sqlite3 (baseline, the outbox before) | ${b.appendsPerSec.toFixed(0)} | ${b.drainPerSec.toFixed(0)} |`);
    log(`| node:sqlite (the outbox now) | ${n.appendsPerSec.toFixed(0)} | ${n.drainPerSec.toFixed(0)} |`);
    log(
      `| the agent's outbox itself (node:sqlite; drain acks each record in its own commit) | ${outbox.appendsPerSec.toFixed(0)} | ${outbox.drainPerSec.toFixed(0)} |`,
    );
    const result = {
      bench: 'outbox-sqlite',
      records,
      betterAppendsPerSec: Math.round(b.appendsPerSec),
      nodeAppendsPerSec: Math.round(n.appendsPerSec),
      betterDrainPerSec: Math.round(b.drainPerSec),
      nodeDrainPerSec: Math.round(n.drainPerSec),
      appendRatio: Number((n.appendsPerSec / b.appendsPerSec).toFixed(2)),
      drainRatio: Number((n.drainPerSec / b.drainPerSec).toFixed(2)),
      outboxAppendsPerSec: Math.round(outbox.appendsPerSec),
      outboxDrainPerSec: Math.round(outbox.drainPerSec),
    };
    log(JSON.stringify(result));
    return outbox.appendsPerSec >= 200;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
