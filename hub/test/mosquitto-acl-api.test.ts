import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicFor } from '@camwatch/config';
import { MosquittoServer } from '@camwatch/testkit';
import { BrokerCredentialSync } from '../src/credentials/broker-credential-sync.ts';
import { mosquittoHash } from '../src/credentials/mosquitto-password.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';

const HUB_PASSWORD = 'hub-account-password';

function connect(url: string, username: string, password: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    username,
    password,
    clientId: `${username}-${Math.random().toString(16).slice(2, 8)}`,
    protocolVersion: 5,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
}

/** Credentials issued through the API → password file and ACL written by the hub → a real Mosquitto enforcing them. */
describe('Mosquitto started with the hub-generated password file and ACL', () => {
  let h: Harness;
  let broker: MosquittoServer;
  let sync: BrokerCredentialSync;
  let hub: MqttClient;
  const received: string[] = [];
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness({ liveFeedPollMs: null });
    // Reload as production does it: SIGHUP to Mosquitto's pid (nothing to reload before it starts).
    const reload = async () => {
      if (broker?.pid) process.kill(broker.pid, 'SIGHUP');
    };
    sync = new BrokerCredentialSync(h.db, pino({ level: 'silent' }), {
      mosquitto: { dir: h.dir, hubAccounts: [{ username: 'hub', passwordHash: mosquittoHash(HUB_PASSWORD) }], reload },
    });
    h.deps.brokerSync = sync;
    for (const id of ['ST-C1-A', 'ST-C2-A']) {
      const res = await h.request('POST', `/api/stations/${id}/credentials`, { user: 'admin', body: {} });
      expect(res.statusCode).toBe(200);
      passwords[id] = res.json().password as string;
    }
    broker = await new MosquittoServer({
      persistence: false,
      extraConfig: ['allow_anonymous false', `password_file ${sync.passwordFile}`, `acl_file ${sync.aclFile}`],
    }).start();
    hub = await connect(broker.url, 'hub', HUB_PASSWORD);
    await hub.subscribeAsync('camwatch/v1/#', { qos: 1 });
    hub.on('message', (topic) => received.push(topic));
  });

  afterAll(async () => {
    await hub?.endAsync(true);
    await broker?.destroy();
    await h?.close();
  });

  it("lets a station publish under its own id and rejects it under another station's id", async () => {
    const a = await connect(broker.url, 'ST-C1-A', passwords['ST-C1-A']!);
    const own = topicFor('health', { stationId: 'ST-C1-A' });
    const forged = topicFor('health', { stationId: 'ST-C2-A' });
    await expect(a.publishAsync(forged, '{}', { qos: 1 })).rejects.toThrow(/Not authorized/i);
    await a.publishAsync(own, '{}', { qos: 1 });
    await expect.poll(() => received.includes(own), { timeout: 5000 }).toBe(true);
    expect(received).not.toContain(forged);
    await a.endAsync(true);
  });

  it('drops a revoked station at once when Mosquitto reloads the rewritten files, and only that station', async () => {
    const revoked = await connect(broker.url, 'ST-C2-A', passwords['ST-C2-A']!);
    const kept = await connect(broker.url, 'ST-C1-A', passwords['ST-C1-A']!);
    const dropped = new Promise<void>((resolve) => revoked.once('close', () => resolve()));
    const list = (await h.request('GET', '/api/stations/ST-C2-A/credentials', { user: 'admin' })).json().items as { id: number }[];
    expect((await h.request('DELETE', `/api/stations/ST-C2-A/credentials/${list[0]!.id}`, { user: 'admin' })).statusCode).toBe(200);
    // Mosquitto 2.0 rechecks every connected client's password on SIGHUP: no restart, no waiting for a reconnect.
    await dropped;
    await expect(connect(broker.url, 'ST-C2-A', passwords['ST-C2-A']!)).rejects.toThrow();
    expect(kept.connected).toBe(true);
    expect(hub.connected).toBe(true);
    const own = topicFor('health', { stationId: 'ST-C1-A' });
    await kept.publishAsync(own, '{"after":"reload"}', { qos: 1 });
    await kept.endAsync(true);
  });

  it('drops a station still using its old secret after a rotation that revokes it; the new secret works', async () => {
    const old = await connect(broker.url, 'ST-C1-A', passwords['ST-C1-A']!);
    const dropped = new Promise<void>((resolve) => old.once('close', () => resolve()));
    const res = await h.request('POST', '/api/stations/ST-C1-A/credentials', { user: 'admin', body: { revokePrevious: true } });
    expect(res.statusCode).toBe(200);
    await dropped;
    await expect(connect(broker.url, 'ST-C1-A', passwords['ST-C1-A']!)).rejects.toThrow();
    const fresh = await connect(broker.url, 'ST-C1-A', res.json().password as string);
    await fresh.endAsync(true);
  });
});
