import mqtt, { type MqttClient } from 'mqtt';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJson, encodeJson, topicFor } from '@camwatch/config';
import { MosquittoServer, PostgresServer } from '@camwatch/testkit';
import { hashPassword } from '../src/auth/password-hasher.ts';
import { mosquittoHash } from '../src/credentials/mosquitto-password.ts';
import { renderAclFile, renderPasswordFile } from '../src/credentials/mosquitto-files.ts';
import { createHub, type Hub } from '../src/hub.ts';
import { stationClientId } from '../src/mqtt/broker-acl.ts';
import { UserRepository } from '../src/users/user-repository.ts';
import { smallInventory } from './support/fixtures.ts';
import { until } from './support/hub-harness.ts';

const HUB_PASSWORD = 'hub-account-password-for-commands';

/**
 * Commands through Mosquitto as production runs it: no anonymous access, the password file and
 * ACL the hub writes. The hub's account may write the command topics, a station reads only its own.
 */
describe('commands through Mosquitto with the hub-written password file and ACL', () => {
  let dir: string;
  let postgres: PostgresServer;
  let mosquitto: MosquittoServer;
  let hub: Hub;
  let token = '';
  const clients: MqttClient[] = [];

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${hub.httpUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const station = async (id: string, password: string) => {
    const c = await mqtt.connectAsync(mosquitto.url, {
      clientId: stationClientId(id),
      username: id,
      password,
      protocolVersion: 5,
      reconnectPeriod: 0,
    });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camwatch-cmd-acl-'));
    const brokerDir = join(dir, 'broker');
    await mkdir(brokerDir);
    await writeFile(join(brokerDir, 'passwd'), renderPasswordFile([{ username: 'hub', passwordHash: mosquittoHash(HUB_PASSWORD) }]));
    await writeFile(join(brokerDir, 'acl'), renderAclFile([], ['hub']));
    [postgres, mosquitto] = await Promise.all([
      new PostgresServer().start(),
      new MosquittoServer({
        persistence: false,
        extraConfig: ['allow_anonymous false', `password_file ${join(brokerDir, 'passwd')}`, `acl_file ${join(brokerDir, 'acl')}`],
      }).start(),
    ]);
    const pidFile = join(brokerDir, 'mosquitto.pid');
    await writeFile(pidFile, `${mosquitto.pid}\n`);
    hub = await createHub({
      databaseUrl: postgres.url,
      dataDir: join(dir, 'hub'),
      httpPort: 0,
      mqttUrl: mosquitto.url,
      mqttUsername: 'hub',
      mqttPassword: HUB_PASSWORD,
      hubId: 'commands-acl',
      clockBeaconMs: null,
      logger: pino({ level: process.env.TEST_LOG ?? 'silent' }),
      api: { bootstrapAdmin: false, alerts: false, mosquitto: { dir: brokerDir, pidFile } },
    });
    await hub.importInventory(smallInventory());
    await new UserRepository(hub.db).create({
      username: 'admin',
      displayName: 'Admin',
      role: 'province_admin',
      unitIds: [],
      passwordHash: await hashPassword('admin-password-1'),
    });
    const login = await fetch(`${hub.httpUrl}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
    });
    token = ((await login.json()) as { token: string }).token;
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) await c.endAsync(true);
    await hub?.stop();
    await mosquitto?.destroy();
    await postgres?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("delivers a command to its station only, and the station's reply settles it", async () => {
    const passwords: Record<string, string> = {};
    for (const id of ['ST-1', 'ST-2']) {
      const issued = await api('POST', `/api/stations/${id}/credentials`, {});
      expect(issued.status).toBe(200);
      passwords[id] = issued.json.password as string;
    }
    // The credential sync rewrote the files and sent SIGHUP: wait until Mosquitto takes the new account.
    let st1: MqttClient | null = null;
    await until(
      async () => {
        st1 = await station('ST-1', passwords['ST-1']!).catch(() => null);
        return st1 !== null;
      },
      10_000,
      'ST-1 accepted by Mosquitto',
    );
    const st2 = await station('ST-2', passwords['ST-2']!);
    const own = await st1!.subscribeAsync(topicFor('command', { stationId: 'ST-1' }), { qos: 1 });
    // Mosquitto 2.0 grants this subscription but checks the ACL on every message: ST-2 never gets ST-1's commands.
    await st2.subscribeAsync(topicFor('command', { stationId: 'ST-1' }), { qos: 1 });
    expect(own[0]!.qos).toBe(1);
    const overheard: string[] = [];
    st2.on('message', (topic) => overheard.push(topic));
    st1!.on('message', (_topic, payload) => {
      const c = decodeJson('command', payload);
      if (!c.ok) return;
      const reply = encodeJson('commandReply', {
        stationId: 'ST-1',
        bootId: 'boot-ST-1-acl',
        seq: 1,
        ts: Date.now(),
        replay: false,
        commandId: c.value.commandId,
        ok: true,
        message: '2/2 snapshots queued',
      });
      void st1!.publishAsync(topicFor('commandReply', { stationId: 'ST-1' }), reply, { qos: 1 });
    });

    const sent = await api('POST', '/api/stations/ST-1/commands', { kind: 'snapshot' });
    expect(sent.status).toBe(200);
    const id = sent.json.id as string;
    await until(async () => (await api('GET', `/api/commands/${id}`)).json.state === 'ok', 10_000, 'command ok through Mosquitto');
    expect((await api('GET', `/api/commands/${id}`)).json).toMatchObject({ state: 'ok', message: '2/2 snapshots queued' });
    expect(overheard).toEqual([]);
  });
});
