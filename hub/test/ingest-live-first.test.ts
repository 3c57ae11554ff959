import { pino } from 'pino';
import { expect, it } from 'vitest';
import { IngestBatcher } from '../src/ingest/ingest-batcher.ts';
import type { IngestItem } from '../src/ingest/ingest-types.ts';
import { StationScript } from './support/fixtures.ts';

const log = pino({ level: 'silent' });
const st = new StationScript('ST-LF');
/** A health sample of ST-LF with seq `seq`, replayed or live. */
const health = (seq: number, replay: boolean): IngestItem => ({
  kind: 'health',
  stationId: 'ST-LF',
  receivedAt: seq,
  retained: false,
  payload: { ...st.health(seq, replay), seq },
});
const label = (i: IngestItem) => (i.kind === 'health' ? `${i.payload.replay ? 'r' : 'L'}${i.payload.seq}` : '?');

/** A writer whose first batch is held until released: what queues behind it shows the lanes' order. */
function heldWriter() {
  const batches: string[][] = [];
  let release!: () => void;
  const first = new Promise<void>((r) => (release = r));
  const write = async (items: IngestItem[]) => {
    if (batches.length === 0) {
      batches.push(items.map(label));
      await first;
    } else batches.push(items.map(label));
  };
  return { batches, write, release: () => release() };
}

async function run(liveFirst: boolean) {
  const w = heldWriter();
  const batcher = new IngestBatcher(w.write, { maxRows: 4, maxDelayMs: 5, concurrency: 1, liveFirst }, log, () => undefined);
  const settled: string[] = [];
  const submit = (item: IngestItem) => batcher.submit(item).then(() => settled.push(label(item)));
  // A backlog arrives (a station back from an outage): the first four go at once and are held.
  const all = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((seq) => submit(health(seq, true)));
  // Live samples arrive while that batch is written and five more replays wait.
  all.push(submit(health(10, false)), submit(health(11, false)));
  await new Promise((r) => setTimeout(r, 20));
  w.release();
  await Promise.all(all);
  return { batches: w.batches, settled, queued: batcher.queued };
}

it('the live lane is written first: live samples that arrive behind a backlog go in the very next batch, ahead of it', async () => {
  const { batches, settled, queued } = await run(true);
  expect(batches).toEqual([
    ['r1', 'r2', 'r3', 'r4'],
    ['L10', 'L11', 'r5', 'r6'],
    ['r7', 'r8', 'r9'],
  ]);
  // Exactly once each, and acknowledged in receive order (MQTT wants PUBACKs in PUBLISH order).
  expect(batches.flat().sort()).toEqual([...new Set(batches.flat())].sort());
  expect(batches.flat()).toHaveLength(11);
  expect(settled).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'L10', 'L11']);
  expect(queued).toBe(0);
});

it('liveFirst: false is one queue in receive order (the baseline): live samples wait behind the whole backlog', async () => {
  const { batches, settled } = await run(false);
  expect(batches).toEqual([
    ['r1', 'r2', 'r3', 'r4'],
    ['r5', 'r6', 'r7', 'r8'],
    ['r9', 'L10', 'L11'],
  ]);
  expect(settled).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'L10', 'L11']);
});
