import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { IngestBatcher } from '../src/ingest/ingest-batcher.ts';
import type { IngestItem } from '../src/ingest/ingest-types.ts';
import { StationScript } from './support/fixtures.ts';

const log = pino({ level: 'silent' });
const st = new StationScript('ST-1');
const health = (n: number): IngestItem => ({ kind: 'health', stationId: 'ST-1', receivedAt: n, retained: false, payload: { ...st.health(n), seq: n } });
const seqOf = (i: IngestItem) => (i.kind === 'health' ? i.payload.seq : -1);

describe('ingest batcher', () => {
  it('writes batches concurrently but settles (acknowledges) them in receive order', async () => {
    const written: number[][] = [];
    const settled: number[] = [];
    const batcher = new IngestBatcher(async (items) => {
      // The first batch is the slowest: it commits after the second.
      await new Promise((r) => setTimeout(r, items.some((i) => seqOf(i) === 0) ? 60 : 5));
      written.push(items.map(seqOf));
    }, { maxRows: 3, maxDelayMs: 5, concurrency: 2 }, log, () => undefined);
    const all = Array.from({ length: 6 }, (_, n) => batcher.submit(health(n)).then(() => settled.push(n)));
    await Promise.all(all);
    expect(written).toEqual([[3, 4, 5], [0, 1, 2]]);
    expect(settled).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('isolates a message that fails on its data and keeps the rest', async () => {
    const stored: number[] = [];
    const poisoned: number[] = [];
    const batcher = new IngestBatcher(async (items) => {
      if (items.some((i) => seqOf(i) === 5)) throw Object.assign(new Error('value out of range'), { code: '22003' });
      stored.push(...items.map(seqOf));
    }, { maxRows: 8, maxDelayMs: 5 }, log, (item) => poisoned.push(seqOf(item)));
    await Promise.all(Array.from({ length: 8 }, (_, n) => batcher.submit(health(n))));
    expect(poisoned).toEqual([5]);
    expect(stored.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 6, 7]);
  });

  it('retries a batch while the database is unreachable, then commits it', async () => {
    let attempts = 0;
    const batcher = new IngestBatcher(async () => {
      if (++attempts < 3) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    }, { maxRows: 10, maxDelayMs: 1, retryMinMs: 5 }, log, () => {
      throw new Error('not poison');
    });
    await batcher.submit(health(1));
    expect(attempts).toBe(3);
  });
});
