import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { OutboxPump, type RecordPublisher } from '../src/mqtt/outbox-pump.ts';
import { SqliteOutboxStore } from '../src/outbox/sqlite-outbox-store.ts';
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

it('a publish that fails while later records are in flight is retried by itself, and nothing is sent twice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'camwatch-pump-'));
  dirs.push(dir);
  const store = new SqliteOutboxStore(join(dir, 'outbox.db'));
  try {
    const outbox = store.forStation('ST-PUMP');
    outbox.startBoot(0);
    const publisher = new HeldPublisher();
    const pump = new OutboxPump(outbox, publisher, {
      stationId: 'ST-PUMP',
      inflightMax: 5,
      replayMaxMsgsPerSec: 1000,
      clock: { now: () => Date.now() },
      logger: pino({ level: 'silent' }),
      retryDelayMs: 20,
    });
    for (let i = 0; i < 10; i++)
      pump.appended(outbox.append('event', { kind: 'camera_rebooted', cameraId: null, message: `e${i}`, gap: null }, i));
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
  } finally {
    store.close();
  }
});
