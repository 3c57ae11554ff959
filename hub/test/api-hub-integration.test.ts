import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicFor } from '@camwatch/config';
import { hashPassword } from '../src/auth/password-hasher.ts';
import { UserRepository } from '../src/users/user-repository.ts';
import { stationClientId } from '../src/mqtt/broker-acl.ts';
import { postgresTarget } from './support/databases.ts';
import { StationScript } from './support/fixtures.ts';
import { HubHarness, publish, until } from './support/hub-harness.ts';

/** The API inside a real hub (createHub({ api })): real HTTP, the embedded broker, the ingest. */
describe('the API in a running hub', () => {
  const h = new HubHarness('aedes', postgresTarget());
  let base = '';
  let auth: Record<string, string> = {};

  beforeAll(async () => {
    await h.start({ api: { bootstrapAdmin: false, alerts: false } });
    base = h.hub.httpUrl!;
    await new UserRepository(h.hub.db).create({
      username: 'admin',
      displayName: 'Admin',
      role: 'province_admin',
      unitIds: [],
      passwordHash: await hashPassword('admin-password-1'),
    });
    const res = await fetch(`${base}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
    });
    auth = { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
  });
  afterAll(() => h.stop());

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('serves the hub routes and the API side by side', async () => {
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect((await fetch(`${base}/api/ready`)).status).toBe(200);
    expect((await api('GET', '/api/map')).json.stations).toMatchObject({ id: ['ST-1', 'ST-2', 'ST-3'] });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('camwatch_logins_total{result="ok"} 1');
    expect(metrics).toContain('camwatch_alert_deliveries_total');
    expect(metrics).toContain('camwatch_ingest_received_total');
  });

  it('issues credentials the embedded broker accepts, and a revocation drops the live connection', async () => {
    const issued = await api('POST', '/api/stations/ST-3/credentials', { revokePrevious: true });
    expect(issued.status).toBe(200);
    const password = issued.json.password as string;
    const client = h.track(
      await mqtt.connectAsync(h.url, { clientId: stationClientId('ST-3'), username: 'ST-3', password, reconnectPeriod: 0 }),
    );
    const st = new StationScript('ST-3', 'boot-ST-3-0042');
    await publish(client, 'state', { stationId: 'ST-3' }, st.state('online', Date.now()), { retain: true });
    await until(async () => (await api('GET', '/api/stations/ST-3')).json.status === 'online', 10_000, 'station online through the API');
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const revoke = await api('DELETE', `/api/stations/ST-3/credentials/${issued.json.credentialId}`);
    expect(revoke.status).toBe(200);
    await closed;
    await expect(
      mqtt.connectAsync(h.url, { clientId: stationClientId('ST-3'), username: 'ST-3', password, reconnectPeriod: 0 }),
    ).rejects.toThrow();
  });

  it('provisions an agent with a claim code over HTTP, and the credentials work on the broker', async () => {
    const { code } = (await api('POST', '/api/stations/ST-2/claim-codes')).json as { code: string };
    const res = await fetch(`${base}/api/provision/claim`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(res.status).toBe(200);
    const cred = (await res.json()) as { username: string; password: string; mqttUrl: string };
    expect(cred.mqttUrl).toBe(h.hub.mqttUrl);
    const client = h.track(
      await mqtt.connectAsync(cred.mqttUrl, {
        clientId: stationClientId(cred.username),
        username: cred.username,
        password: cred.password,
        reconnectPeriod: 0,
      }),
    );
    await client.publishAsync(
      topicFor('state', { stationId: 'ST-2' }),
      JSON.stringify(new StationScript('ST-2').state('online', Date.now())),
      { qos: 1, retain: true },
    );
    await until(async () => (await api('GET', '/api/stations/ST-2')).json.status === 'online', 10_000, 'claimed station online');
  });
});
