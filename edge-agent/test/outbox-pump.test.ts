import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { OutboxPump, type RecordPublisher } from '../src/mqtt/outbox-pump.ts';
import { SqliteOutboxStore } from '../src/outbox/sqlite-outbox-store.ts';
import type { StationOutbox } from '../src/outbox/station-outbox.ts';
import { waitUntil } from './helpers/mqtt-recorder.ts';

/**
 * The broker side of the pump, held in the test's hand: each publish waits until the test
 * acknowledges or fails it (MQTT.js reports a failed publish the same way, through the callback).
 */
class HeldPublisher implements RecordPublisher {
  connected = true;
  readonly held: { seq: number; done: (err?: Error) => void }[] = [];
  readonly published: number[] = [];
  publish(_topic: string, body: Buffer, _retain: boolean, done: (err?: Error) => void): void {
    const seq = (JSON.parse(body.toString()) as { seq: number }).seq;
    this.published.push(seq);
    this.held.push({ seq, done });
  }
  complete(seq: number, err?: Error): void {
    const i = this.held.findIndex((h) => h.seq === seq);
    const [h] = this.held.splice(i, 1);
    h!.done(err);
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A station's outbox in a fresh SQLite file (boot 0), closed once `body` is done. */
async function withOutbox(stationId: string, body: (outbox: StationOutbox) => void | Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'camwatch-pump-'));
  dirs.push(dir);
  const store = new SqliteOutboxStore(join(dir, 'outbox.db'));
  try {
    const outbox = store.forStation(stationId);
    outbox.startBoot(0);
    await body(outbox);
  } finally {
    store.close();
  }
}

type PumpOptions = ConstructorParameters<typeof OutboxPump>[2];

/** A pump on the wall clock with a silent logger; each test sets the window and lanes it is about. */
const pumpOf = (
  outbox: StationOutbox,
  publisher: HeldPublisher,
  opts: Pick<PumpOptions, 'stationId' | 'inflightMax'> & Partial<PumpOptions>,
) =>
  new OutboxPump(outbox, publisher, {
    replayMaxMsgsPerSec: 1000,
    clock: { now: () => Date.now() },
    logger: pino({ level: 'silent' }),
    ...opts,
  });

/** Appends event record number `i` (its seq) to the outbox. */
const eventIn = (outbox: StationOutbox) => (i: number) =>
  outbox.append('event', { kind: 'camera_rebooted', cameraId: null, message: `e${i}`, gap: null }, i);

it('a publish that fails while later records are in flight is retried by itself, and nothing is sent twice', () =>
  withOutbox('ST-PUMP', async (outbox) => {
    const publisher = new HeldPublisher();
    const pump = pumpOf(outbox, publisher, { stationId: 'ST-PUMP', inflightMax: 5, retryDelayMs: 20 });
    for (let i = 0; i < 10; i++) pump.appended(eventIn(outbox)(i));
    expect(publisher.published).toEqual([1, 2, 3, 4, 5]);

    publisher.complete(1, new Error('publish failed'));
    // Later records are acknowledged: the pump moves on, without resending what is in flight.
    for (const seq of [2, 3, 4, 5]) publisher.complete(seq);
    // No new record is appended: the failed one must still go out again. The broker acknowledges all it gets.
    await waitUntil('the outbox drained', () => {
      while (publisher.held.length > 0) publisher.complete(publisher.held[0]!.seq);
      return outbox.stats().pending === 0;
    });
    const counts = new Map<number, number>();
    for (const seq of publisher.published) counts.set(seq, (counts.get(seq) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ 1: 2, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1, 10: 1 });
    expect(pump.stats()).toMatchObject({ publishErrors: 1, acked: 10, inflight: 0 });
    pump.stop();
  }));

it('after a reconnect, live records go out ahead of the backlog, the replay window adapts to acks, and each record goes once', () =>
  withOutbox('ST-LIVE', (outbox) => {
    const publisher = new HeldPublisher();
    publisher.connected = false;
    let now = 0;
    const pump = pumpOf(outbox, publisher, {
      stationId: 'ST-LIVE',
      inflightMax: 8,
      clock: { now: () => now, monotonic: () => now },
      replaySlackMs: 100,
    });
    const event = eventIn(outbox);
    // An outage: 40 records pile up.
    for (let i = 1; i <= 40; i++) pump.appended(event(i));
    expect(publisher.published).toEqual([]);
    publisher.connected = true;
    pump.connected();
    const inFlightReplays = () => publisher.held.filter((h) => h.seq <= 40).length;
    // The replay window starts full: inflightMax less the live reserve (8 - 2), as fast as the single queue was.
    expect(publisher.published).toEqual([1, 2, 3, 4, 5, 6]);
    // Live records made now go out at once, not after the 34 still waiting: the reserve is theirs.
    pump.appended(event(41));
    pump.appended(event(42));
    expect(publisher.published.slice(-2)).toEqual([41, 42]);
    // The reserve is used up (8 in flight): the next live record waits for an ack, and then goes ahead of the backlog.
    pump.appended(event(43));
    expect(publisher.published).not.toContain(43);
    now += 20;
    publisher.complete(1);
    expect(publisher.published.at(-1)).toBe(43);
    expect(publisher.published).not.toContain(7);
    // Acks slow down (3 s against a best of 20 ms): the window is cut to 70 % (6 → 4), fewer replays go out.
    now += 3_000;
    publisher.complete(2);
    expect(pump.stats().replayWindow).toBe(4);
    for (const seq of [41, 42, 43]) publisher.complete(seq);
    expect(inFlightReplays()).toBe(4);
    // Live records never count against the replay window, nor wait for it.
    pump.appended(event(44));
    expect(publisher.published.at(-1)).toBe(44);
    // Everything acknowledged as it comes: the outbox drains, each record published exactly once.
    while (publisher.held.length > 0) publisher.complete(publisher.held[0]!.seq);
    expect(outbox.stats().pending).toBe(0);
    expect([...publisher.published].sort((a, b) => a - b)).toEqual(Array.from({ length: 44 }, (_v, i) => i + 1));
    expect(pump.stats()).toMatchObject({ sentLive: 4, sentReplay: 40, acked: 44, inflight: 0 });
    pump.stop();
  }));

it('liveFirst: false keeps one queue in id order (the baseline): a live record waits behind the backlog', () =>
  withOutbox('ST-FIFO', (outbox) => {
    const publisher = new HeldPublisher();
    publisher.connected = false;
    const pump = pumpOf(outbox, publisher, { stationId: 'ST-FIFO', inflightMax: 4, liveFirst: false });
    const event = eventIn(outbox);
    for (let i = 1; i <= 10; i++) pump.appended(event(i));
    publisher.connected = true;
    pump.connected();
    pump.appended(event(11));
    expect(publisher.published).toEqual([1, 2, 3, 4]);
    while (publisher.held.length > 0) publisher.complete(publisher.held[0]!.seq);
    expect(publisher.published).toEqual(Array.from({ length: 11 }, (_v, i) => i + 1));
    pump.stop();
  }));

it('a live record goes out only once the outbox hands it out (a host that group-commits holds it back until committed)', () =>
  withOutbox('ST-GC', (outbox) => {
    // As the fleet simulator's CommittedOutboxView does: `next` stops at the last group commit.
    let committedUpTo = 0;
    const next = outbox.next.bind(outbox);
    outbox.next = (afterId, limit) => next(afterId, limit).filter((r) => r.id <= committedUpTo);
    const publisher = new HeldPublisher();
    const pump = pumpOf(outbox, publisher, { stationId: 'ST-GC', inflightMax: 4 });
    pump.connected();
    const first = outbox.append('event', { kind: 'camera_rebooted', cameraId: null, message: 'live', gap: null }, 1);
    pump.appended(first);
    expect(publisher.published).toEqual([]);
    committedUpTo = first.id;
    pump.pump();
    expect(publisher.published).toEqual([1]);
    publisher.complete(1);
    expect(outbox.stats().pending).toBe(0);
    expect(pump.stats()).toMatchObject({ sentLive: 1, sentReplay: 0 });
    pump.stop();
  }));

it('a connected station reads each live record once, and a record that missed the live lane is still replayed, once', () =>
  withOutbox('ST-READS', (outbox) => {
    // Reads that return records cost a query and a row copy each (the simulator runs 40,000 pumps).
    let readsWithRows = 0;
    const next = outbox.next.bind(outbox);
    outbox.next = (afterId, limit) => {
      const rows = next(afterId, limit);
      if (rows.length > 0) readsWithRows++;
      return rows;
    };
    const publisher = new HeldPublisher();
    const pump = pumpOf(outbox, publisher, { stationId: 'ST-READS', inflightMax: 4 });
    const event = eventIn(outbox);
    pump.connected();
    for (let i = 1; i <= 20; i++) {
      pump.appended(event(i));
      publisher.complete(i);
    }
    expect(publisher.published).toEqual(Array.from({ length: 20 }, (_v, i) => i + 1));
    // One read per message: the replay lane no longer reads the live records back only to skip them (it was two).
    expect(readsWithRows).toBe(20);
    // The link flickers without a reconnect: a record appended meanwhile is not live, and comes after
    // live ones. The replay lane must still send it, once.
    publisher.connected = false;
    pump.appended(event(21));
    publisher.connected = true;
    pump.appended(event(22));
    while (publisher.held.length > 0) publisher.complete(publisher.held[0]!.seq);
    expect(publisher.published.slice(20).sort((a, b) => a - b)).toEqual([21, 22]);
    expect(outbox.stats().pending).toBe(0);
    expect(pump.stats()).toMatchObject({ sentLive: 21, sentReplay: 1, acked: 22, inflight: 0 });
    pump.stop();
  }));
