import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stationPublishFilter } from '@camwatch/config';
import { MosquittoServer } from '@camwatch/testkit';
import { startAgentCore } from '../src/core/agent-core.ts';
import { SqliteOutboxStore } from '../src/outbox/sqlite-outbox-store.ts';
import { camera, FakeProber, FixedHealth } from './helpers/fake-parts.ts';
import { MqttRecorder, sequenceReport, waitUntil, type Received } from './helpers/mqtt-recorder.ts';

const broker = new MosquittoServer();
const dir = mkdtempSync(join(tmpdir(), 'camwatch-livefirst-'));
let recorder: MqttRecorder;
beforeAll(async () => {
  await broker.start();
  recorder = await MqttRecorder.open(broker.url, stationPublishFilter('ST-LF'), 'test-hub-livefirst');
});
afterAll(async () => {
  await recorder?.close();
  await broker.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const BACKLOG = 300;

it('real Mosquitto: a station back with a backlog sends its live samples ahead of it, and every record arrives once', async () => {
  const store = new SqliteOutboxStore(join(dir, 'outbox.db'), { synchronous: 'NORMAL' });
  const outbox = store.forStation('ST-LF');
  // The outbox an earlier run left behind (an outage it never got to send).
  const oldBoot = outbox.startBoot(1_000);
  for (let i = 0; i < BACKLOG; i++)
    outbox.append('event', { kind: 'camera_rebooted', cameraId: null, message: `backlog ${i}`, gap: null }, 1_000 + i);
  const core = startAgentCore({
    stationId: 'ST-LF',
    mqtt: { url: broker.url, reconnectMinMs: 100, reconnectMaxMs: 400 },
    prober: new FakeProber(),
    health: new FixedHealth(),
    cameras: [camera('ST-LF-C1')],
    outbox,
    intervals: { healthMs: 100, probeMs: 1_000, statusRefreshMs: 60_000, snapshotMs: 60_000 },
    // 300 records at 20/s: a drain of ~15 s, long enough for dozens of live samples to want out meanwhile.
    limits: { replayMaxMsgsPerSec: 20 },
    agentVersion: 'test',
  });
  try {
    await waitUntil('the backlog to drain', () => sequenceReport(recorder.data(oldBoot)).seqs.length >= BACKLOG, 60_000);
    await waitUntil('more live samples', () => recorder.data(core.bootId).length >= 10);
    const lastSeq = outbox.seq;
    const has = (seqs: number[]) => seqs.filter((q) => q <= lastSeq).length === lastSeq;
    await waitUntil('the new boot up to now', () => has(sequenceReport(recorder.data(core.bootId)).seqs));
    const arrivals = recorder.data().filter((m) => m.json.bootId === oldBoot || m.json.bootId === core.bootId);
    const firstLive = arrivals.findIndex((m) => m.json.replay === false);
    const replaysAfterFirstLive = arrivals.slice(firstLive).filter((m) => m.json.replay === true).length;
    // The agent's first live sample (its first health, 5 s after start) is made while ≈9 s of backlog still
    // waits. One queue in id order sends it after the whole backlog (0 replays after it); live first sends it
    // at once, and the backlog goes on draining behind it.
    expect(firstLive).toBeGreaterThan(0);
    expect(replaysAfterFirstLive).toBeGreaterThan(BACKLOG / 4);

    // Nothing lost, nothing twice (no connection dropped), each stream in its own order.
    const old = sequenceReport(recorder.data(oldBoot));
    expect(old.seqs).toEqual(Array.from({ length: BACKLOG }, (_v, i) => i + 1));
    expect(old.duplicates).toBe(0);
    expect(old.inOrder).toBe(true);
    expect(recorder.data(oldBoot).every((m: Received) => m.json.replay === true)).toBe(true);
    // The new boot: what it made before its first connect went behind the old backlog as replays, the rest live.
    const fresh = recorder.data(core.bootId);
    const live = sequenceReport(fresh);
    expect(live.seqs.slice(0, lastSeq)).toEqual(Array.from({ length: lastSeq }, (_v, i) => i + 1));
    expect(live.duplicates).toBe(0);
    expect(sequenceReport(fresh.filter((m: Received) => m.json.replay === false)).inOrder).toBe(true);
    expect(sequenceReport(fresh.filter((m: Received) => m.json.replay === true)).inOrder).toBe(true);
    expect(core.stats().pump.sentReplay).toBe(BACKLOG + fresh.filter((m: Received) => m.json.replay === true).length);
    console.info(
      `live first: ${replaysAfterFirstLive} of ${BACKLOG} replays still to come when the first live sample arrived; ${live.seqs.length} samples of the new boot`,
    );
  } finally {
    await core.stop();
    store.close();
  }
});
