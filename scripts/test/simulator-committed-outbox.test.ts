import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { SqliteOutboxStore } from '@camwatch/edge-agent';
import { CommittedOutboxView } from '../src/simulator/committed-outbox-view.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Counts the outbox's own reads (SQLite queries) under the view. */
function counted<T extends { next: (afterId: number, limit: number) => unknown }>(outbox: T): T & { queries: number } {
  const next = outbox.next.bind(outbox);
  const out = Object.assign(outbox, { queries: 0 });
  out.next = ((afterId: number, limit: number) => {
    out.queries++;
    return next(afterId, limit);
  }) as T['next'];
  return out;
}

const event = (message: string) => ({ kind: 'camera_rebooted', cameraId: null, message, gap: null }) as const;

/** A real outbox file with a group commit driven by hand, as the simulator's group-commit.ts does every 200 ms. */
function openStore(path: string) {
  const store = new SqliteOutboxStore(path, { synchronous: 'NORMAL' });
  const woken: string[] = [];
  const view = new CommittedOutboxView(store.db, (id) => woken.push(id));
  const commit = () => {
    store.db.exec('COMMIT');
    view.committed();
    store.db.exec('BEGIN');
  };
  store.db.exec('BEGIN');
  return { store, view, woken, commit };
}

it('sends only committed records, every one of them once, older runs’ records included, with fewer queries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'camwatch-committed-'));
  dirs.push(dir);
  const path = join(dir, 'outbox.sqlite');
  // An earlier run left two records of A behind.
  const before = openStore(path);
  const oldA = before.view.watch(before.store.forStation('A'));
  oldA.startBoot(1);
  const left = [oldA.append('event', event('left 1'), 1), oldA.append('event', event('left 2'), 2)];
  before.commit();
  before.store.db.exec('COMMIT');
  before.store.close();

  const { store, view, woken, commit } = openStore(path);
  const reads = { a: counted(store.forStation('A')), b: counted(store.forStation('B')) };
  const a = view.watch(reads.a);
  const b = view.watch(reads.b);
  expect(a.next(0, 10).map((r) => r.id)).toEqual(left.map((r) => r.id));
  a.startBoot(10);
  b.startBoot(10);
  const a1 = a.append('event', event('a1'), 11);
  const b1 = b.append('event', event('b1'), 11);
  // Not committed yet: nothing of it may leave (a crash now would roll it back).
  expect(a.next(left[1]!.id, 10)).toEqual([]);
  expect(b.next(0, 10)).toEqual([]);
  // A's one query read the earlier run's records; its ask after them needs none.
  // B might have records of an earlier run below the last commit: one query.
  expect([reads.a.queries, reads.b.queries]).toEqual([1, 1]);
  commit();
  expect(woken.sort()).toEqual(['A', 'B']);
  expect(a.next(left[1]!.id, 10).map((r) => r.id)).toEqual([a1.id]);
  expect(a.next(0, 10).map((r) => r.id)).toEqual([...left.map((r) => r.id), a1.id]);
  expect(b.next(0, 10).map((r) => [r.id, r.seq, r.payload])).toEqual([[b1.id, 1, b1.payload]]);
  // B's newer record than A's newest: A has nothing after its own, without asking SQLite.
  const b2 = b.append('event', event('b2'), 12);
  commit();
  expect(b2.id).toBeGreaterThan(a1.id);
  expect(a.next(a1.id, 10)).toEqual([]);
  expect(b.next(b1.id, 10).map((r) => r.id)).toEqual([b2.id]);
  expect(b.next(b1.id, 0)).toEqual([]);
  expect(b.next(b2.id, 10)).toEqual([]);
  // Only the reads from 0 (which may find an earlier run's records) asked SQLite; the reads after a
  // record this process appended were answered from memory.
  expect([reads.a.queries, reads.b.queries]).toEqual([2, 2]);
  // Acknowledged records are gone, as before.
  a.ack(a1.id);
  expect(a.next(left[1]!.id, 10)).toEqual([]);
  // A commits a newer record than B's newest, then B appends one not committed yet: B's ask after its
  // newest committed record needs no query (the file's newest committed id is A's, not B's).
  const b3 = b.append('event', event('b3'), 13);
  const a2 = a.append('event', event('a2'), 13);
  commit();
  const b4 = b.append('event', event('b4'), 14);
  expect(a2.id).toBeGreaterThan(b3.id);
  expect(b.next(b2.id, 10).map((r) => r.id)).toEqual([b3.id]);
  expect(b.next(b3.id, 10)).toEqual([]);
  expect(reads.b.queries).toBe(2);
  commit();
  expect(b.next(b3.id, 10).map((r) => r.id)).toEqual([b4.id]);
  store.db.exec('COMMIT');
  store.close();
});

it('answers from memory exactly what SQLite would: through acks, thinning with its gap markers, and long backlogs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'camwatch-committed-'));
  dirs.push(dir);
  const { store, view, commit } = openStore(join(dir, 'outbox.sqlite'));
  // A small budget, so the outbox thins (deletes old records, writes gap markers) now and then.
  const raw = store.forStation('T', { maxBytes: 12_000 });
  const rawNext = raw.next.bind(raw);
  const counts = counted(raw);
  const t = view.watch(counts);
  t.startBoot(1);
  let committedUpTo = 0;
  const truth = (afterId: number, limit: number) =>
    rawNext(afterId, 1_000)
      .filter((r) => r.id <= committedUpTo)
      .slice(0, limit);
  const ids = (rs: readonly { id: number }[]) => rs.map((r) => r.id);
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  let appended = 0;
  let checks = 0;
  for (let step = 0; step < 600; step++) {
    const r = random();
    if (r < 0.5) {
      t.append('event', event(`e${step} ${'x'.repeat(Math.floor(random() * 200))}`), step);
      appended++;
    } else if (r < 0.6) {
      commit();
      const row = store.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get() as { seq: number } | undefined;
      committedUpTo = row?.seq ?? 0;
    } else if (r < 0.75) {
      // The oldest pending record is acknowledged, as the pump does (in order, mostly).
      const [oldest] = rawNext(0, 1);
      if (oldest) t.ack(oldest.id);
    } else {
      // Reads as the two lanes make them: after some pending record, or after the newest committed one.
      const pending = truth(0, 1_000);
      const afterId = pending.length > 0 && random() < 0.7 ? pending[Math.floor(random() * pending.length)]!.id : committedUpTo;
      const limit = 1 + Math.floor(random() * 8);
      expect(ids(t.next(afterId, limit))).toEqual(ids(truth(afterId, limit)));
      checks++;
    }
  }
  expect(checks).toBeGreaterThan(100);
  expect(appended).toBeGreaterThan(250);
  // The budget was hit: records were thinned and gap markers written.
  expect(t.stats().droppedTotal).toBeGreaterThan(0);
  // And most reads needed no query.
  expect(counts.queries).toBeLessThan(checks / 2);
  store.db.exec('COMMIT');
  store.close();
});
