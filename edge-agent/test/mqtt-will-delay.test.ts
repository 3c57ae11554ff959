import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stationPublishFilter, topicFor } from '@camwatch/config';
import { freePort, MosquittoServer } from '@camwatch/testkit';
import { startAgentCore } from '../src/core/agent-core.ts';
import type { MqttProtocol } from '../src/mqtt/mqtt-session.ts';
import { SqliteOutboxStore } from '../src/outbox/sqlite-outbox-store.ts';
import { camera, FakeProber, FixedHealth } from './helpers/fake-parts.ts';
import { MqttRecorder, waitUntil } from './helpers/mqtt-recorder.ts';

const WILL_DELAY_S = 8;
const BLIP_MS = 5_000;
const broker = new MosquittoServer();
const dir = mkdtempSync(join(tmpdir(), 'camwatch-will-'));
const store = new SqliteOutboxStore(join(dir, 'outbox.db'), { synchronous: 'NORMAL' });
beforeAll(async () => {
  await broker.start();
});
afterAll(async () => {
  store.close();
  await broker.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function station(stationId: string, url: string, protocol: MqttProtocol) {
  return startAgentCore({
    stationId,
    mqtt: { url, reconnectMinMs: 100, reconnectMaxMs: 300, protocol, willDelayS: WILL_DELAY_S },
    prober: new FakeProber(),
    health: new FixedHealth(),
    cameras: [camera(`${stationId}-C1`)],
    outbox: store.forStation(stationId),
    intervals: { healthMs: 1_000, probeMs: 60_000, snapshotMs: 3_600_000 },
    agentVersion: 'test',
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Every `state` message the hub side saw of a station, `offline` ones being Last Wills (nothing else publishes them here). */
const states = (recorder: MqttRecorder, state: 'online' | 'offline') => recorder.of('state').filter((m) => m.json.state === state);

describe('MQTT 5 on real Mosquitto', () => {
  it(`a ${BLIP_MS / 1000} s link blip within the ${WILL_DELAY_S} s will delay publishes no offline; a real death publishes it after the delay`, async () => {
    const recorder = await MqttRecorder.open(broker.url, topicFor('state', { stationId: 'ST-WD5' }), 'test-hub-wd5');
    const births = await MqttRecorder.open(broker.url, topicFor('birth', { stationId: 'ST-WD5' }), 'test-hub-wd5-births');
    const core = station('ST-WD5', broker.url, 'auto');
    try {
      await waitUntil('the first connect', () => core.stats().connected && states(recorder, 'online').length >= 1);
      expect(core.stats().protocolVersion).toBe(5);
      // The birth tells the hub how long to hold this station's will (a broker shutdown publishes it early).
      await waitUntil('the birth', () => births.of('birth').length >= 1);
      expect(births.of('birth')[0]!.json.willDelayS).toBe(WILL_DELAY_S);
      await births.close();
      core.setLinkUp(false);
      await sleep(BLIP_MS);
      core.setLinkUp(true);
      await waitUntil('the reconnect', () => core.stats().connects >= 2 && states(recorder, 'online').length >= 2);
      // Past the will delay counted from the blip: a will that was going to fire has fired by now.
      await sleep(WILL_DELAY_S * 1000 - BLIP_MS + 2_000);
      expect(states(recorder, 'offline')).toHaveLength(0);
      // What a hub (re)subscribing now reads as the retained state: still online.
      const late = await MqttRecorder.open(broker.url, topicFor('state', { stationId: 'ST-WD5' }), 'test-hub-wd5-late');
      await waitUntil('the retained state', () => late.of('state').length >= 1);
      expect(late.of('state').map((m) => [m.retained, m.json.state])).toEqual([[true, 'online']]);
      await late.close();

      const diedAt = Date.now();
      core.kill();
      await waitUntil('the Last Will', () => states(recorder, 'offline').length >= 1, (WILL_DELAY_S + 10) * 1000);
      // A lower bound only (a loaded machine may deliver later, never earlier): the broker waited for the delay.
      expect(Date.now() - diedAt).toBeGreaterThanOrEqual((WILL_DELAY_S - 1) * 1000);
      expect(states(recorder, 'offline')).toHaveLength(1);
    } finally {
      core.kill();
      await recorder.close();
    }
  }, 60_000);

  it('the same blip in MQTT 3.1.1 (protocol: 4) does publish offline: what the will delay saves', async () => {
    const recorder = await MqttRecorder.open(broker.url, topicFor('state', { stationId: 'ST-WD4' }), 'test-hub-wd4');
    const core = station('ST-WD4', broker.url, 4);
    try {
      await waitUntil('the first connect', () => core.stats().connected);
      expect(core.stats().protocolVersion).toBe(4);
      core.setLinkUp(false);
      await waitUntil('the Last Will at once', () => states(recorder, 'offline').length >= 1, BLIP_MS);
      core.setLinkUp(true);
      await waitUntil('the reconnect', () => core.stats().connects >= 2);
    } finally {
      await core.stop();
      await recorder.close();
    }
  }, 30_000);
});

describe('protocol auto on the embedded aedes broker (MQTT 3.1.1 only)', () => {
  let aedes: Aedes;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    aedes = await Aedes.createBroker();
    server = createServer(aedes.handle);
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    url = `mqtt://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('falls back to 3.1.1 when aedes refuses MQTT 5, and data flows', async () => {
    const recorder = await MqttRecorder.open(url, stationPublishFilter('ST-AED'), 'test-hub-aedes');
    const core = station('ST-AED', url, 'auto');
    try {
      await waitUntil('a connect', () => core.stats().connected);
      expect(core.stats().protocolVersion).toBe(4);
      await waitUntil('health over 3.1.1', () => recorder.of('health').length >= 1);
      // No will delay over 3.1.1: the birth says so, and the hub applies this station's will as it comes.
      expect(recorder.of('birth').map((m) => m.json.willDelayS)).toContain(0);
      // One refused attempt in 5, then 3.1.1 for good: later reconnects go straight to 3.1.1.
      core.setLinkUp(false);
      core.setLinkUp(true);
      await waitUntil('a reconnect', () => core.stats().connected && core.stats().connects >= 2);
      expect(core.stats().protocolVersion).toBe(4);
    } finally {
      await core.stop();
      await recorder.close();
    }
  }, 30_000);

  it('protocol: 5 stays on 5 and does not connect to aedes (no silent downgrade when 5 is required)', async () => {
    const core = station('ST-AED5', url, 5);
    try {
      await sleep(1_500);
      expect(core.stats().connected).toBe(false);
      expect(core.stats().protocolVersion).toBe(5);
    } finally {
      core.kill();
    }
  }, 30_000);
});
