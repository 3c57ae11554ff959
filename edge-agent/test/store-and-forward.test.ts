import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stationPublishFilter } from '@camwatch/config';
import { MosquittoServer } from '@camwatch/testkit';
import { startAgentCore } from '../src/core/agent-core.ts';
import { SqliteOutboxStore } from '../src/outbox/sqlite-outbox-store.ts';
import { camera, FakeProber, FixedHealth } from './helpers/fake-parts.ts';
import { MqttRecorder, sequenceReport, waitUntil } from './helpers/mqtt-recorder.ts';

const broker = new MosquittoServer();
const dir = mkdtempSync(join(tmpdir(), 'camwatch-saf-'));
let recorder: MqttRecorder;
beforeAll(async () => {
  await broker.start();
  recorder = await MqttRecorder.open(broker.url, stationPublishFilter('ST-SAF'), 'test-hub-saf');
});
afterAll(async () => {
  await recorder?.close();
  await broker.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('real Mosquitto stopped and restarted: every sample arrives exactly once by (bootId, seq), live and replayed each in order, outage ones marked replayed', async () => {
  const store = new SqliteOutboxStore(join(dir, 'outbox.db'), { synchronous: 'NORMAL' });
  const outbox = store.forStation('ST-SAF');
  const core = startAgentCore({
    stationId: 'ST-SAF',
    mqtt: { url: broker.url, reconnectMinMs: 100, reconnectMaxMs: 400 },
    prober: new FakeProber(),
    health: new FixedHealth(),
    cameras: [camera('ST-SAF-C1'), camera('ST-SAF-C2')],
    outbox,
    intervals: { healthMs: 100, probeMs: 1_000, statusRefreshMs: 60_000, snapshotMs: 60_000 },
    limits: { replayMaxMsgsPerSec: 40 },
    agentVersion: 'test',
  });
  try {
    await waitUntil('the first connect', () => core.stats().connected);
    const connectedAt = Date.now();
    await waitUntil('live samples', () => recorder.data(core.bootId).length >= 8);
    await broker.stop();
    const outageFrom = Date.now();
    await waitUntil('an outbox backlog', () => outbox.stats().pending >= 25);
    const outageTo = Date.now();
    await broker.start();
    await waitUntil('a reconnect', () => core.stats().connects >= 2);
    const lastSeq = outbox.seq;
    await waitUntil('the backlog to drain', () => sequenceReport(recorder.data(core.bootId)).seqs.length >= lastSeq, 30_000);

    const report = sequenceReport(recorder.data(core.bootId));
    expect(report.seqs).toEqual(Array.from({ length: report.seqs.length }, (_v, i) => i + 1));
    // Live samples go ahead of the backlog, so the two interleave; each keeps its own order.
    expect(sequenceReport(recorder.data(core.bootId).filter((m) => m.json.replay === true)).inOrder).toBe(true);
    expect(sequenceReport(recorder.data(core.bootId).filter((m) => m.json.replay === false)).inOrder).toBe(true);
    const stats = core.stats();
    expect(stats.pump.sentReplay).toBeGreaterThanOrEqual(25);
    const firstOf = new Map<number, Record<string, unknown>>();
    for (const m of recorder.data(core.bootId)) if (!firstOf.has(m.json.seq as number)) firstOf.set(m.json.seq as number, m.json);
    const madeDuringOutage = [...firstOf.values()].filter((j) => (j.ts as number) > outageFrom + 50 && (j.ts as number) < outageTo);
    expect(madeDuringOutage.length).toBeGreaterThanOrEqual(20);
    expect(madeDuringOutage.every((j) => j.replay === true)).toBe(true);
    // Made while connected (after the first connect, well before the broker went): sent live.
    const liveOnes = [...firstOf.values()].filter((j) => (j.ts as number) > connectedAt && (j.ts as number) < outageFrom - 200);
    expect(liveOnes.length).toBeGreaterThanOrEqual(3);
    expect(liveOnes.every((j) => j.replay === false)).toBe(true);
    console.info(
      `store-and-forward: ${report.seqs.length} samples, ${madeDuringOutage.length} made during the outage, ${report.duplicates} duplicates (QoS 1 resend of unacknowledged)`,
    );
  } finally {
    await core.stop();
    store.close();
  }
});
