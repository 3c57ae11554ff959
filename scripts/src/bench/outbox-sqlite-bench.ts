import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import Database from 'better-sqlite3';

/**
 * `pnpm bench outbox-sqlite [--records N]`: the agent outbox's own workload on the two SQLite
 * bindings Node 24 offers, to decide whether the built-in `node:sqlite` can replace the native
 * better-sqlite3 (issue 17: the native module is what needs a cross-build per architecture).
 * Same file settings as the outbox (WAL, synchronous FULL: every append survives a power cut),
 * same statements: an append is one transaction (insert, the boot's last seq, the day's bytes);
 * the pump reads pending records by id cursor and deletes acknowledged ones in batches of 50.
 * Every 20th record carries a 40 KB snapshot. better-sqlite3 is the baseline measured in the same
 * run. Exit code 1 when the binding the outbox uses cannot append 200 durable records/s (a station
 * produces about 1 a second; a reconnect burst with eight cameras a few dozen).
 */
interface Engine {
  exec(sql: string): void;
  prepare(sql: string): { run(...args: unknown[]): unknown; all(...args: unknown[]): unknown[] };
  close(): void;
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

function run(open: (file: string) => Engine, records: number, dir: string, name: string): Figures {
  const db = open(join(dir, `${name}.db`));
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

    const pending = db.prepare('SELECT id, kind, payload, jpeg FROM outbox WHERE station_id = ? AND id > ? ORDER BY id LIMIT 50');
    const ack = db.prepare('DELETE FROM outbox WHERE station_id = ? AND id <= ?');
    let cursor = 0;
    let drained = 0;
    const t1 = performance.now();
    for (;;) {
      const rows = pending.all('LA-BL-0042', cursor) as { id: number | bigint }[];
      if (rows.length === 0) break;
      cursor = Number(rows[rows.length - 1]!.id);
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

const betterSqlite = (file: string): Engine => new Database(file);
const nodeSqlite = (file: string): Engine => new DatabaseSync(file) as unknown as Engine;

export default function outboxSqliteBench(argv: string[]): boolean {
  const at = argv.indexOf('--records');
  const records = at >= 0 ? Number(argv[at + 1]) : 3_000;
  const dir = mkdtempSync(join(tmpdir(), 'camwatch-outbox-sqlite-'));
  const log = (s: string) => process.stdout.write(`${s}\n`);
  try {
    log(
      `outbox bench: ${records} durable appends (WAL, synchronous FULL, one transaction each; every 20th with 40 KB), then drained in batches of 50`,
    );
    // Warm-up of both (page cache, JIT), then each measured twice in turn; the better run counts (others share this machine).
    run(betterSqlite, 200, dir, 'warm-b');
    run(nodeSqlite, 200, dir, 'warm-n');
    const better = [run(betterSqlite, records, dir, 'b1'), run(betterSqlite, records, dir, 'b2')];
    const builtin = [run(nodeSqlite, records, dir, 'n1'), run(nodeSqlite, records, dir, 'n2')];
    const best = (xs: Figures[]): Figures => ({
      appendsPerSec: Math.max(...xs.map((x) => x.appendsPerSec)),
      drainPerSec: Math.max(...xs.map((x) => x.drainPerSec)),
    });
    const b = best(better);
    const n = best(builtin);
    log('| binding | appends/s | drained records/s |');
    log('|---|---|---|');
    log(`| better-sqlite3 (baseline, the outbox today) | ${b.appendsPerSec.toFixed(0)} | ${b.drainPerSec.toFixed(0)} |`);
    log(`| node:sqlite | ${n.appendsPerSec.toFixed(0)} | ${n.drainPerSec.toFixed(0)} |`);
    const result = {
      bench: 'outbox-sqlite',
      records,
      betterAppendsPerSec: Math.round(b.appendsPerSec),
      nodeAppendsPerSec: Math.round(n.appendsPerSec),
      betterDrainPerSec: Math.round(b.drainPerSec),
      nodeDrainPerSec: Math.round(n.drainPerSec),
      appendRatio: Number((n.appendsPerSec / b.appendsPerSec).toFixed(2)),
      drainRatio: Number((n.drainPerSec / b.drainPerSec).toFixed(2)),
    };
    log(JSON.stringify(result));
    return b.appendsPerSec >= 200;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
