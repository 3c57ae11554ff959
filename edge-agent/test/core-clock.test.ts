import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeJson, encodeMessage, stationPublishFilter, topicFor } from '@camwatch/config';
import { MosquittoServer } from '@camwatch/config/testing/mosquitto-server';
import { startAgentCore } from '../src/core/agent-core.ts';
import type { AgentCore } from '../src/core/agent-core-types.ts';
import { SqliteOutboxStore } from '../src/outbox/sqlite-outbox-store.ts';
import { camera, FakeProber, FixedHealth } from './helpers/fake-parts.ts';
import { MqttRecorder, waitUntil } from './helpers/mqtt-recorder.ts';

const STATION = 'ST-CLOCK';
const SKEW_MS = 10 * 60_000;
const broker = new MosquittoServer();
const dir = mkdtempSync(join(tmpdir(), 'camwatch-clock-'));
let store: SqliteOutboxStore;
let recorder: MqttRecorder;
let core: AgentCore;

beforeAll(async () => {
  await broker.start();
  recorder = await MqttRecorder.open(broker.url, stationPublishFilter(STATION), 'test-hub-clock');
  store = new SqliteOutboxStore(join(dir, 'outbox.db'));
  core = startAgentCore({
    stationId: STATION,
    mqtt: { url: broker.url, reconnectMinMs: 100, reconnectMaxMs: 300 },
    prober: new FakeProber(),
    health: new FixedHealth(),
    cameras: [camera('CLOCK-C1')],
    outbox: store.forStation(STATION),
    intervals: { healthMs: 500, probeMs: 60_000, statusRefreshMs: 600_000, snapshotMs: 600_000 },
    clock: { now: () => Date.now() + SKEW_MS },
    agentVersion: 'clock-test',
  });
  await waitUntil('connected', () => core.stats().connected);
});
afterAll(async () => {
  await core?.stop();
  store?.close();
  await recorder?.close();
  await broker.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('stamps samples with hub time once the beacon is heard, and still reports the raw offset', async () => {
  await waitUntil('a health sample on the skewed clock', () => recorder.of('health').length >= 1);
  const before = decodeJson('health', recorder.of('health')[0]!.body);
  expect(before.ok && before.value.ts - Date.now()).toBeGreaterThan(SKEW_MS - 60_000);

  await recorder.client.publishAsync(topicFor('hubClock', {}), encodeMessage('hubClock', { hubTs: Date.now() }), { qos: 0 });
  const seen = recorder.of('health').length;
  await waitUntil('two health samples after the beacon', () => recorder.of('health').length >= seen + 2);
  const after = decodeJson('health', recorder.of('health').at(-1)!.body);
  if (!after.ok) throw new Error('health does not match the contract');
  expect(Math.abs(after.value.ts - Date.now())).toBeLessThan(30_000);
  expect(after.value.clockOffsetMs).toBeGreaterThan(SKEW_MS - 30_000);
  expect(after.value.clockOffsetMs).toBeLessThan(SKEW_MS + 30_000);
});
