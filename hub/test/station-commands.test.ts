import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJson, topicFor, type Command } from '@camwatch/config';
import { hashPassword } from '../src/auth/password-hasher.ts';
import { UserRepository } from '../src/users/user-repository.ts';
import { postgresTarget } from './support/databases.ts';
import { StationScript } from './support/fixtures.ts';
import { HubHarness, publish, until, type BrokerKind } from './support/hub-harness.ts';

const TTL_MS = 1_500;

/** A station that records the commands it gets and answers each one as `answer` says (no answer: stays silent). */
async function fakeStation(h: HubHarness, stationId: string, answer: (c: Command) => { ok: boolean; message: string } | null) {
  const client: MqttClient = await h.station(stationId, { clean: true });
  const script = new StationScript(stationId);
  const got: Command[] = [];
  client.on('message', (_topic, payload) => {
    const d = decodeJson('command', payload);
    if (!d.ok) return;
    got.push(d.value);
    const a = answer(d.value);
    if (a)
      void publish(
        client,
        'commandReply',
        { stationId },
        { stationId, bootId: script.bootId, seq: ++script.seq, ts: Date.now(), replay: false, commandId: d.value.commandId, ...a },
      );
  });
  await client.subscribeAsync(topicFor('command', { stationId }), { qos: 1 });
  return { client, got, script };
}

for (const broker of ['aedes', 'mosquitto'] as BrokerKind[]) {
  describe(`commands from the hub to a station (${broker})`, () => {
    const h = new HubHarness(broker, postgresTarget());
    let base = '';
    const tokens: Record<string, string> = {};

    beforeAll(async () => {
      await h.start({ api: { bootstrapAdmin: false, alerts: false, config: { commandTtlMs: TTL_MS } }, sweepEveryMs: 200 });
      base = h.hub.httpUrl!;
      const users = new UserRepository(h.hub.db);
      const passwordHash = await hashPassword('test-password-1');
      await users.create({ username: 'admin', displayName: 'Admin', role: 'province_admin', unitIds: [], passwordHash });
      // Commune police of Phước Lợi (ST-1's commune in the small inventory).
      await users.create({ username: 'police', displayName: 'Police', role: 'commune', unitIds: ['LA-BL-PL'], passwordHash });
      for (const username of ['admin', 'police']) {
        const res = await fetch(`${base}/api/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: 'test-password-1' }),
        });
        tokens[username] = ((await res.json()) as { token: string }).token;
      }
    });
    afterAll(() => h.stop());

    const api = async (method: string, path: string, body?: unknown, user = 'admin') => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens[user]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const stateOf = async (id: string) => (await api('GET', `/api/commands/${id}`)).json.state;

    it('publishes a command, marks it delivered on PUBACK and ok on the station reply; audited', async () => {
      const st = await fakeStation(h, 'ST-1', (c) => ({ ok: true, message: `did ${c.kind}` }));
      const sent = await api('POST', '/api/stations/ST-1/commands', { kind: 'snapshot', cameraId: 'ST-1-C1' }, 'police');
      expect(sent.status).toBe(200);
      const id = sent.json.id as string;
      expect(['delivered', 'ok']).toContain(sent.json.state);
      expect(sent.json).toMatchObject({ stationId: 'ST-1', cameraId: 'ST-1-C1', kind: 'snapshot', issuedBy: 'police' });
      await until(async () => (await stateOf(id)) === 'ok', 10_000, 'command ok');
      const c = (await api('GET', `/api/commands/${id}`)).json;
      expect(c).toMatchObject({ state: 'ok', message: 'did snapshot' });
      expect(c.deliveredAt).toEqual(expect.any(Number));
      expect(c.repliedAt).toEqual(expect.any(Number));
      expect(st.got.map((g) => [g.commandId, g.kind, g.cameraId])).toEqual([[id, 'snapshot', 'ST-1-C1']]);
      expect(st.got[0]!.expiresAt - st.got[0]!.issuedAt).toBe(TTL_MS);
      const list = (await api('GET', '/api/stations/ST-1/commands')).json.items as { id: string }[];
      expect(list[0]!.id).toBe(id);
      const audit = (await api('GET', `/api/audit?action=command.send&targetId=ST-1`)).json.items as {
        username: string;
        detail: { commandId: string };
      }[];
      expect(audit.map((a) => [a.username, a.detail.commandId])).toContainEqual(['police', id]);
      await st.client.endAsync(true);
    });

    it('records a refusal as failed, and ignores a reply from another station or a repeated one', async () => {
      const st = await fakeStation(h, 'ST-2', () => ({ ok: false, message: 'camera ST-2-C1 not answering' }));
      const sent = await api('POST', '/api/stations/ST-1/commands', { kind: 'reprobe' });
      const id = sent.json.id as string;
      // ST-2 claims to answer ST-1's command: the hub stores the reply but the command does not move.
      const forged = new StationScript('ST-2');
      await publish(
        st.client,
        'commandReply',
        { stationId: 'ST-2' },
        { stationId: 'ST-2', bootId: forged.bootId, seq: 1, ts: Date.now(), replay: false, commandId: id, ok: true, message: 'forged' },
      );
      await h.hub.flush();
      expect(await stateOf(id)).toBe('delivered');
      const own = await api('POST', '/api/stations/ST-2/commands', { kind: 'rediscover' });
      await until(async () => (await stateOf(own.json.id as string)) === 'failed', 10_000, 'command failed');
      const ownId = own.json.id as string;
      expect((await api('GET', `/api/commands/${ownId}`)).json.message).toBe('camera ST-2-C1 not answering');
      // A second answer to a settled command (a retry after a lost ack, a confused agent) changes nothing.
      await publish(
        st.client,
        'commandReply',
        { stationId: 'ST-2' },
        {
          stationId: 'ST-2',
          bootId: st.script.bootId,
          seq: ++st.script.seq,
          ts: Date.now(),
          replay: false,
          commandId: ownId,
          ok: true,
          message: 'late',
        },
      );
      await h.hub.flush();
      expect((await api('GET', `/api/commands/${ownId}`)).json).toMatchObject({ state: 'failed', message: 'camera ST-2-C1 not answering' });
      await st.client.endAsync(true);
    });

    it('expires a command nobody answers, and checks kind rules and role permissions', async () => {
      const sent = await api('POST', '/api/stations/ST-3/commands', { kind: 'reload_config' });
      expect(sent.status).toBe(200);
      const id = sent.json.id as string;
      await until(async () => (await stateOf(id)) === 'expired', 10_000, 'command expired');
      expect((await api('GET', `/api/commands/${id}`)).json.message).toMatch(/no reply/);
      // Commune police may look, not reboot; reboot needs a camera of that station.
      expect((await api('POST', '/api/stations/ST-1/commands', { kind: 'reboot_camera', cameraId: 'ST-1-C1' }, 'police')).status).toBe(403);
      expect((await api('POST', '/api/stations/ST-1/commands', { kind: 'reboot_camera' })).json.code).toBe('CW_ERR_VALIDATION');
      expect((await api('POST', '/api/stations/ST-1/commands', { kind: 'snapshot', cameraId: 'ST-2-C1' })).status).toBe(404);
      expect((await api('POST', '/api/stations/ST-3/commands', { kind: 'snapshot' }, 'police')).status).toBe(404);
    });

    it('limits commands per station per minute with 429 and the registry code', async () => {
      const statuses: number[] = [];
      // ST-3 already has one from the expiry test; six in a minute are allowed.
      const before = ((await api('GET', '/api/stations/ST-3/commands')).json.items as unknown[]).length;
      for (let i = before; i < 6; i++) statuses.push((await api('POST', '/api/stations/ST-3/commands', { kind: 'snapshot' })).status);
      expect(statuses).toEqual(statuses.map(() => 200));
      expect(statuses.length).toBeGreaterThan(0);
      const over = await api('POST', '/api/stations/ST-3/commands', { kind: 'snapshot' });
      expect(over.status).toBe(429);
      expect(over.json.code).toBe('CW_ERR_RATE_LIMITED');
      // Another station is not affected, and the refused one was neither stored nor audited.
      expect((await api('POST', '/api/stations/ST-2/commands', { kind: 'snapshot' })).status).toBe(200);
      expect(((await api('GET', '/api/stations/ST-3/commands')).json.items as unknown[]).length).toBe(6);
    });

    it('keeps recent commands through retention and deletes those older than the raw retention', async () => {
      const count = async () => (await h.hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM station_commands')).rows[0]!.n;
      const before = await count();
      expect(before).toBeGreaterThan(0);
      expect((await h.hub.runRetention()).station_commands ?? 0).toBe(0);
      expect(await count()).toBe(before);
      await h.hub.db.query("UPDATE station_commands SET issued_at = issued_at - interval '400 days' WHERE station_id = 'ST-3'");
      const st3 = ((await api('GET', '/api/stations/ST-3/commands')).json.items as unknown[]).length;
      expect((await h.hub.runRetention()).station_commands).toBe(st3);
      expect(await count()).toBe(before - st3);
    });
  });
}
