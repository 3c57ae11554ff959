import { decodeJson, topicFor, type Command } from '@camwatch/config';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/password-hasher.ts';
import { stationClientId } from '../src/mqtt/broker-acl.ts';
import { UserRepository } from '../src/users/user-repository.ts';
import { postgresTarget } from './support/databases.ts';
import { HubHarness, until } from './support/hub-harness.ts';

const SHORT_TTL_MS = 1_500;
const LONG_TTL_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * MQTT 5 message expiry of station commands, on a real Mosquitto: the broker keeps an offline
 * station's session and queues its commands, and drops each one its expiry has passed, so a
 * station that reconnects after the command expired never receives it.
 */
describe('command message expiry (Mosquitto, MQTT 5)', () => {
  const running: HubHarness[] = [];
  afterAll(async () => {
    for (const h of running) await h.stop();
  });

  /** A hub on Mosquitto whose commands live `ttlMs`, and an admin token. */
  const start = async (ttlMs: number) => {
    const h = new HubHarness('mosquitto', postgresTarget());
    running.push(h);
    await h.start({ api: { bootstrapAdmin: false, alerts: false, config: { commandTtlMs: ttlMs } }, sweepEveryMs: 200 });
    const passwordHash = await hashPassword('test-password-1');
    await new UserRepository(h.hub.db).create({
      username: 'admin',
      displayName: 'Admin',
      role: 'province_admin',
      unitIds: [],
      passwordHash,
    });
    const res = await fetch(`${h.hub.httpUrl}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'test-password-1' }),
    });
    const token = ((await res.json()) as { token: string }).token;

    /** The station's session: persistent for an hour, subscribed to its commands. */
    const session = async (stationId: string): Promise<{ client: MqttClient; got: Command[] }> => {
      const client = h.track(
        mqtt.connect(h.url, {
          clientId: stationClientId(stationId),
          protocolVersion: 5,
          clean: false,
          reconnectPeriod: 0,
          properties: { sessionExpiryInterval: 3_600 },
        }),
      );
      const got: Command[] = [];
      // Listening before the CONNACK: the broker sends the queued commands right behind it.
      client.on('message', (_topic, payload) => {
        const d = decodeJson('command', payload);
        if (d.ok) got.push(d.value);
      });
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('error', reject);
      });
      await client.subscribeAsync(topicFor('command', { stationId }), { qos: 1 });
      return { client, got };
    };
    const send = async (stationId: string): Promise<string> => {
      const sent = await fetch(`${h.hub.httpUrl}/api/stations/${stationId}/commands`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'reprobe' }),
      });
      expect(sent.status).toBe(200);
      return ((await sent.json()) as { id: string }).id;
    };
    return { session, send };
  };

  it('a command that expired while its station was away is not delivered when the station comes back', async () => {
    const { session, send } = await start(SHORT_TTL_MS);
    // The station's session exists (its subscription kept), then it goes away for longer than the command lives.
    const first = await session('ST-1');
    await first.client.endAsync();
    const id = await send('ST-1');
    await sleep(SHORT_TTL_MS + 1_500);
    const back = await session('ST-1');
    // Long enough for a queued message to arrive: the broker dropped it from this session's queue.
    await sleep(1_500);
    expect(back.got.map((c) => c.commandId)).not.toContain(id);
    expect(back.got).toEqual([]);
    await back.client.endAsync();
  }, 60_000);

  it('a command still valid when the station comes back is delivered then (what the expiry must not drop)', async () => {
    const { session, send } = await start(LONG_TTL_MS);
    const first = await session('ST-1');
    await first.client.endAsync();
    const id = await send('ST-1');
    await sleep(SHORT_TTL_MS + 1_500);
    const back = await session('ST-1');
    await until(() => back.got.length > 0, 10_000, 'the queued command');
    expect(back.got.map((c) => c.commandId)).toEqual([id]);
    await back.client.endAsync();
  }, 60_000);
});
