import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { IngestBatcher, laneOf } from '../src/ingest/ingest-batcher.ts';
import type { IngestItem } from '../src/ingest/ingest-types.ts';
import { StationScript } from './support/fixtures.ts';

const log = pino({ level: 'silent' });
const st = new StationScript('ST-1');
const health = (n: number, stationId = 'ST-1'): IngestItem => ({
  kind: 'health',
  stationId,
  receivedAt: n,
  retained: false,
  payload: { ...st.health(n), stationId, seq: n },
});

/** Station ids that fall into the given lanes. */
function stationsInLanes(lanes: number, wanted: number[]): string[] {
  return wanted.map((lane) => {
    for (let i = 0; ; i++) if (laneOf(`ST-${i}`, lanes) === lane) return `ST-${i}`;
  });
}
const seqOf = (i: IngestItem) => (i.kind === 'health' ? i.payload.seq : -1);

describe('ingest batcher', () => {
  it('writes batches concurrently but settles (acknowledges) them in receive order', async () => {
    // Two stations in different lanes: their batches are written at once.
    const [a, b] = stationsInLanes(2, [0, 1]) as [string, string];
    const written: number[][] = [];
    const settled: number[] = [];
    const batcher = new IngestBatcher(
      async (items) => {
        // The first batch is the slowest: it commits after the second.
        await new Promise((r) => setTimeout(r, items.some((i) => seqOf(i) === 0) ? 60 : 5));
        written.push(items.map(seqOf));
      },
      { maxRows: 3, maxDelayMs: 5, concurrency: 2 },
      log,
      () => undefined,
    );
    const all = Array.from({ length: 6 }, (_, n) => batcher.submit(health(n, n < 3 ? a : b)).then(() => settled.push(n)));
    await Promise.all(all);
    expect(written).toEqual([
      [3, 4, 5],
      [0, 1, 2],
    ]);
    expect(settled).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('knows the receive time of the oldest message not yet settled (how far the hub has heard)', async () => {
    const [a, b] = stationsInLanes(2, [0, 1]) as [string, string];
    const release: (() => void)[] = [];
    const batcher = new IngestBatcher(
      (items) => new Promise<void>((r) => release.push(r)).then(() => void items),
      { maxRows: 1, maxDelayMs: 5, concurrency: 2 },
      log,
      () => undefined,
    );
    expect(batcher.oldestUnsettledAt).toBeNull();
    const first = batcher.submit(health(3_000, a));
    const second = batcher.submit(health(4_000, b));
    expect(batcher.oldestUnsettledAt).toBe(3_000);
    while (release.length < 2) await new Promise((r) => setTimeout(r, 1));
    release[1]!(); // the later message commits first: the earlier one still bounds what is heard
    await new Promise((r) => setTimeout(r, 10));
    expect(batcher.oldestUnsettledAt).toBe(3_000);
    release[0]!();
    await Promise.all([first, second]);
    expect(batcher.oldestUnsettledAt).toBeNull();
  });

  it('never writes two batches of one station at once, and writes its batches in receive order', async () => {
    const [a, b] = stationsInLanes(3, [0, 1]) as [string, string];
    let inFlight = new Set<string>();
    const overlaps: string[] = [];
    const order: Record<string, number[]> = {};
    const batcher = new IngestBatcher(
      async (items) => {
        const ids = new Set(items.map((i) => i.stationId));
        for (const id of ids) if (inFlight.has(id)) overlaps.push(id);
        inFlight = new Set([...inFlight, ...ids]);
        await new Promise((r) => setTimeout(r, 10));
        for (const i of items) (order[i.stationId] ??= []).push(seqOf(i));
        for (const id of ids) inFlight.delete(id);
      },
      { maxRows: 2, maxDelayMs: 1, concurrency: 3 },
      log,
      () => undefined,
    );
    await Promise.all(Array.from({ length: 20 }, (_, n) => batcher.submit(health(n, n % 3 === 0 ? b : a))));
    expect(overlaps).toEqual([]);
    const seqs = Array.from({ length: 20 }, (_, n) => n);
    expect(order[a]).toEqual(seqs.filter((n) => n % 3 !== 0));
    expect(order[b]).toEqual(seqs.filter((n) => n % 3 === 0));
  });

  it('flush waits for every lane, including what arrived while a batch was being written', async () => {
    const stored: number[] = [];
    const batcher = new IngestBatcher(
      async (items) => {
        await new Promise((r) => setTimeout(r, 15));
        stored.push(...items.map(seqOf));
      },
      { maxRows: 1000, maxDelayMs: 3_600_000, concurrency: 4 },
      log,
      () => undefined,
    );
    const first = Array.from({ length: 5 }, (_, n) => batcher.submit(health(n, `ST-${n}`)));
    const flushed = batcher.flush();
    const late = batcher.submit(health(5, 'ST-0'));
    await flushed;
    await batcher.flush();
    await Promise.all([...first, late]);
    expect(stored.sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(batcher.queued).toBe(0);
  });

  it('isolates a message that fails on its data and keeps the rest', async () => {
    const stored: number[] = [];
    const poisoned: number[] = [];
    const batcher = new IngestBatcher(
      async (items) => {
        if (items.some((i) => seqOf(i) === 5)) throw Object.assign(new Error('value out of range'), { code: '22003' });
        stored.push(...items.map(seqOf));
      },
      { maxRows: 8, maxDelayMs: 5 },
      log,
      (item) => poisoned.push(seqOf(item)),
    );
    await Promise.all(Array.from({ length: 8 }, (_, n) => batcher.submit(health(n))));
    expect(poisoned).toEqual([5]);
    expect(stored.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 6, 7]);
  });

  it('retries a batch while the database is unreachable, then commits it', async () => {
    let attempts = 0;
    const batcher = new IngestBatcher(
      async () => {
        if (++attempts < 3) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
      { maxRows: 10, maxDelayMs: 1, retryMinMs: 5 },
      log,
      () => {
        throw new Error('not poison');
      },
    );
    await batcher.submit(health(1));
    expect(attempts).toBe(3);
  });
});
