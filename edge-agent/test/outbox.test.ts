import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeJson } from '@camwatch/config';
import { SqliteOutboxStore } from '../src/outbox/sqlite-outbox-store.ts';
import { OutboxWriteError } from '../src/outbox/outbox-write-error.ts';
import type { StationOutbox } from '../src/outbox/station-outbox.ts';
import { killHard, spawnTsx, waitForOutput } from './helpers/spawn-tsx.ts';
import { capAtCurrentSize } from './helpers/sqlite-file.ts';

const dirs: string[] = [];
const stores: SqliteOutboxStore[] = [];
function openStore(dir?: string): { store: SqliteOutboxStore; dir: string } {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'camwatch-outbox-'));
  if (!dir) dirs.push(d);
  const store = new SqliteOutboxStore(join(d, 'outbox.db'));
  stores.push(store);
  return { store, dir: d };
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const health = (outbox: StationOutbox, ts: number) =>
  outbox.append(
    'health',
    {
      cpuPct: 5,
      load1: 0.2,
      memUsedPct: 40,
      diskUsedPct: 30,
      tempC: 45,
      uptimeS: 100,
      uplinkLatencyMs: 20,
      bytesSentToday: 0,
      clockOffsetMs: null,
      outboxPending: 0,
      outboxDropped: 0,
    },
    ts,
  );
const event = (outbox: StationOutbox, ts: number, message: string) =>
  outbox.append('event', { kind: 'camera_rebooted', cameraId: null, message, gap: null }, ts);

describe('station outbox', () => {
  it('stamps seq 1..n under the boot id and returns records in order', () => {
    const outbox = openStore().store.forStation('ST-1');
    const bootId = outbox.startBoot(1000);
    for (let i = 0; i < 5; i++) health(outbox, 1000 + i);
    event(outbox, 2000, 'e');
    const rows = outbox.next(0, 100);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.map((r) => r.kind)).toEqual(['health', 'health', 'health', 'health', 'health', 'event']);
    const decoded = decodeJson('health', rows[0]!.payload);
    expect(decoded.ok && decoded.value).toMatchObject({ stationId: 'ST-1', bootId, seq: 1, replay: false });
    expect(outbox.next(rows[2]!.id, 2).map((r) => r.seq)).toEqual([4, 5]);
  });

  it('deletes a record only when acknowledged', () => {
    const outbox = openStore().store.forStation('ST-1');
    outbox.startBoot(0);
    const a = health(outbox, 1);
    const b = health(outbox, 2);
    expect(outbox.stats().pending).toBe(2);
    outbox.ack(a.id);
    expect(outbox.next(0, 10).map((r) => r.id)).toEqual([b.id]);
    expect(outbox.stats()).toMatchObject({ pending: 1, pendingBytes: b.bytes });
    outbox.ack(a.id); // a duplicate PUBACK changes nothing
    expect(outbox.stats().pending).toBe(1);
  });

  it('keeps pending records across reopen; a new boot gets a new id and restarts seq', () => {
    const { store, dir } = openStore();
    const first = store.forStation('ST-1');
    const boot1 = first.startBoot(0);
    health(first, 1);
    health(first, 2);
    first.ack(first.next(0, 1)[0]!.id);
    store.close();
    const again = openStore(dir).store.forStation('ST-1');
    expect(again.stats().pending).toBe(1);
    const boot2 = again.startBoot(10);
    expect(boot2).not.toBe(boot1);
    health(again, 11);
    expect(again.next(0, 10).map((r) => [r.bootId, r.seq])).toEqual([
      [boot1, 2],
      [boot2, 1],
    ]);
    expect(() => again.startBoot(20, boot1)).toThrow(/UNIQUE/);
  });

  it('keeps stations apart in one shared file', () => {
    const { store } = openStore();
    const a = store.forStation('ST-A');
    const b = store.forStation('ST-B');
    a.startBoot(0);
    b.startBoot(0);
    health(a, 1);
    health(b, 1);
    health(a, 2);
    expect(a.next(0, 10).map((r) => r.seq)).toEqual([1, 2]);
    expect(b.next(0, 10).map((r) => r.seq)).toEqual([1]);
    expect(store.forStation('ST-A')).toBe(a);
  });

  it('thins the oldest health samples first when full and records a counted gap marker; events survive', () => {
    const { store } = openStore();
    const outbox = store.forStation('ST-1', { maxBytes: 40_000 });
    outbox.startBoot(0);
    const committed: string[] = [];
    outbox.onCommitted = (r) => committed.push(r.kind);
    for (let i = 0; i < 5; i++) event(outbox, i, `early event ${i}`);
    for (let i = 0; i < 300; i++) health(outbox, 1000 + i * 60_000);
    const stats = outbox.stats();
    expect(stats.pendingBytes).toBeLessThanOrEqual(40_000);
    expect(stats.droppedTotal).toBeGreaterThan(0);
    const rows = outbox.next(0, 10_000);
    const gaps = rows
      .filter((r) => r.kind === 'event')
      .map((r) => JSON.parse(r.payload) as { kind: string; message: string; gap: { dropped: number; fromTs: number; toTs: number } | null })
      .filter((e) => e.kind === 'outbox_gap');
    const keptHealthSeqs = new Set(rows.filter((r) => r.kind === 'health').map((r) => r.seq));
    const allSeqs = rows.map((r) => r.seq);
    const maxSeq = Math.max(...allSeqs);
    const missing = Array.from({ length: maxSeq }, (_v, i) => i + 1).filter((s) => !allSeqs.includes(s));
    // Every missing seq is a thinned health sample, and the gap markers count exactly them.
    expect(gaps.reduce((n, g) => n + g.gap!.dropped, 0)).toBe(missing.length);
    expect(stats.droppedTotal).toBe(missing.length);
    expect(gaps.every((g) => g.message.includes('health'))).toBe(true);
    // Every committed record was announced, the gap markers included.
    expect(committed.filter((k) => k === 'health')).toHaveLength(300);
    expect(committed.filter((k) => k === 'event')).toHaveLength(5 + gaps.length);
    expect(rows.filter((r) => r.kind === 'event' && r.payload.includes('early event'))).toHaveLength(5);
    // The newest samples are kept at full resolution; thinning ate the old ones.
    expect(keptHealthSeqs.has(maxSeq) || keptHealthSeqs.has(maxSeq - 1)).toBe(true);
    expect(Math.min(...gaps.map((g) => g.gap!.fromTs))).toBe(1000);
  });

  it('a record refused by a full disk (SQLite max_page_count) leaves nothing behind; a gap marker counts it once room is freed', () => {
    const { store } = openStore();
    const outbox = store.forStation('ST-FULL');
    outbox.startBoot(0);
    for (let i = 0; i < 50; i++) health(outbox, i);
    // The file may not grow by a single page from here: what a full file system does to SQLite.
    capAtCurrentSize(store.db);
    let written = 50;
    let refused = 0;
    for (let i = 0; refused < 5 && i < 10_000; i++) {
      try {
        health(outbox, 1000 + i);
        written++;
      } catch (err) {
        expect(err).toBeInstanceOf(OutboxWriteError);
        expect((err as OutboxWriteError).code).toBe('SQLITE_FULL');
        refused++;
      }
    }
    expect(refused).toBe(5);
    const file = () => ({
      ...(store.db
        .prepare("SELECT count(*) AS pending, coalesce(sum(bytes), 0) AS pendingBytes FROM outbox WHERE station_id = 'ST-FULL'")
        .get() as object),
      droppedTotal: (store.db.prepare("SELECT dropped_total AS d FROM station_meta WHERE station_id = 'ST-FULL'").get() as { d: number }).d,
      maxSeq: (store.db.prepare("SELECT max(seq) AS s FROM outbox WHERE station_id = 'ST-FULL'").get() as { s: number }).s,
    });
    const memory = () => {
      const { pending, pendingBytes, droppedTotal } = outbox.stats();
      return { pending, pendingBytes, droppedTotal, maxSeq: outbox.seq };
    };
    expect(memory()).toEqual(file());
    expect(file()).toMatchObject({ pending: written, droppedTotal: 0, maxSeq: written });
    expect(outbox.stats().unwritten).toBe(5);

    // The broker acknowledges the backlog: its pages are free again and the next record fits, after its gap marker.
    for (const r of outbox.next(0, 20)) outbox.ack(r.id);
    const next = health(outbox, 99_999);
    const rows = outbox.next(0, 100_000);
    const marker = rows.at(-2)!;
    expect(marker.seq).toBe(written + 1);
    expect(JSON.parse(marker.payload)).toMatchObject({ kind: 'outbox_gap', gap: { dropped: 5, fromTs: expect.any(Number) } });
    expect(next.seq).toBe(written + 2);
    expect(outbox.stats()).toMatchObject({ droppedTotal: 5, unwritten: 0 });
    expect(memory()).toEqual(file());
  });

  it('a write that fails after thinning rolls back the thinning in memory too: no phantom drops, no skipped seq', () => {
    const { store } = openStore();
    const outbox = store.forStation('ST-ROLLBACK', { maxBytes: 20_000 });
    outbox.startBoot(0);
    for (let i = 0; i < 40; i++) health(outbox, i);
    const before = { ...outbox.stats(), seq: outbox.seq };
    // Any failure inside the transaction will do; a trigger makes it certain to come after thinning.
    store.db.exec(
      "CREATE TEMP TRIGGER refuse BEFORE INSERT ON outbox WHEN NEW.kind = 'snapshot' BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );
    const jpeg = Buffer.alloc(8_000, 0xab);
    expect(() => outbox.append('snapshot', { cameraId: 'C1', width: 640, height: 360, trigger: 'scheduled' }, 50, jpeg)).toThrow('refused');
    expect({ ...outbox.stats(), seq: outbox.seq }).toEqual(before);
    const row = store.db.prepare("SELECT count(*) AS n, sum(bytes) AS b FROM outbox WHERE station_id = 'ST-ROLLBACK'").get() as {
      n: number;
      b: number;
    };
    expect([row.n, row.b]).toEqual([before.pending, before.pendingBytes]);
    expect(health(outbox, 60).seq).toBe(before.seq + 1);
  });

  it('node:sqlite opens the outbox without an ExperimentalWarning on this runtime, and other warnings still print', () => {
    // Node 24.15 made node:sqlite a release candidate and stopped warning (engines asks for it): a
    // station log must not start every boot with a warning, and nothing is filtered to get there.
    const script = [
      "import { DatabaseSync } from 'node:sqlite';",
      "const db = new DatabaseSync(':memory:');",
      "db.exec('PRAGMA journal_mode = WAL');",
      "process.emitWarning('still printed', 'CamwatchTestWarning');",
    ].join('\n');
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(child.stderr).toContain('CamwatchTestWarning: still printed');
    expect(child.stderr).not.toContain('ExperimentalWarning');
  });

  it("inside an open transaction (the simulator's group commit) a refused append undoes only itself, as a savepoint", () => {
    const { store } = openStore();
    const outbox = store.forStation('ST-NESTED');
    outbox.startBoot(0);
    store.db.exec('BEGIN');
    health(outbox, 1);
    store.db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON outbox WHEN NEW.ts = 2 BEGIN SELECT RAISE(ABORT, 'refused'); END");
    expect(() => health(outbox, 2)).toThrow('refused');
    // The outer transaction is still open and still holds the first record.
    expect(store.db.isTransaction).toBe(true);
    health(outbox, 3);
    store.db.exec('COMMIT');
    expect(outbox.next(0, 10).map((r) => [r.ts, r.seq])).toEqual([
      [1, 1],
      [3, 2],
    ]);
  });

  it('thinning events that include earlier gap markers carries their counts into the new marker', () => {
    const { store } = openStore();
    const outbox = store.forStation('ST-MARKERS', { maxBytes: 30_000 });
    outbox.startBoot(0);
    // Health first (thinned into gap markers), then only events: the markers themselves get thinned.
    for (let i = 0; i < 150; i++) health(outbox, i * 60_000);
    for (let i = 0; i < 400; i++) event(outbox, 10_000_000 + i, `event ${i}`);
    const rows = outbox.next(0, 100_000);
    const seqs = new Set(rows.map((r) => r.seq));
    const missing = Array.from({ length: outbox.seq }, (_v, i) => i + 1).filter((s) => !seqs.has(s)).length;
    const counted = rows
      .map((r) => JSON.parse(r.payload) as { kind: string; gap: { dropped: number } | null })
      .filter((e) => e.kind === 'outbox_gap')
      .reduce((n, e) => n + e.gap!.dropped, 0);
    expect(missing).toBeGreaterThan(100);
    // Every record missing from the sequence is counted by a marker that is still there.
    expect(counted).toBe(missing);
    expect(outbox.stats().droppedTotal).toBe(missing);
  });

  it('the budget counts bytes on disk, not characters: Vietnamese text stays within maxBytes', () => {
    const { store } = openStore();
    const outbox = store.forStation('ST-UTF8', { maxBytes: 40_000 });
    outbox.startBoot(0);
    const message = 'Camera giám sát an ninh, trật tự: mất tín hiệu ở ngã tư Quốc lộ 1 — đã kiểm tra lại bộ nguồn. '.repeat(3);
    for (let i = 0; i < 300; i++) event(outbox, i, message);
    const onDisk = store.db
      .prepare("SELECT count(*) AS n, sum(length(CAST(payload AS BLOB))) AS payloadBytes FROM outbox WHERE station_id = 'ST-UTF8'")
      .get() as { n: number; payloadBytes: number };
    expect(outbox.stats().droppedTotal).toBeGreaterThan(0);
    expect(onDisk.payloadBytes).toBeLessThanOrEqual(40_000);
    expect(outbox.stats().pendingBytes).toBeGreaterThanOrEqual(onDisk.payloadBytes);
  });

  it('a writer killed with SIGKILL mid-write leaves a readable, consistent file', async () => {
    const { dir } = openStore();
    const dbPath = join(dir, 'torn.db');
    const child = spawnTsx('edge-agent/test/helpers/outbox-writer.ts', [dbPath, 'ST-T']);
    try {
      await waitForOutput(child, 'writing');
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 200));
    } finally {
      await killHard(child);
    }
    const raw = new DatabaseSync(dbPath);
    expect((raw.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
    raw.close();
    const reopened = new SqliteOutboxStore(dbPath);
    stores.push(reopened);
    const outbox = reopened.forStation('ST-T');
    const rows = outbox.next(0, 100_000);
    expect(rows.length).toBeGreaterThan(20);
    // Committed records are whole and contiguous: no hole, no half-written JPEG.
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_r, i) => i + 1));
    expect(rows.every((r) => r.jpeg?.length === 20_000 && decodeJson('snapshot', r.payload).ok)).toBe(true);
  });
});
