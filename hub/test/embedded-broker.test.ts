import mqtt from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerCredentialSync } from '../src/credentials/broker-credential-sync.ts';
import { stationClientId } from '../src/mqtt/broker-acl.ts';
import { postgresTarget } from './support/databases.ts';
import { StationScript } from './support/fixtures.ts';
import { counter, HubHarness, publish, until } from './support/hub-harness.ts';

const count = async (h: HubHarness, sql: string) => (await h.hub.db.query<{ n: number }>(sql)).rows[0]!.n;

describe('embedded broker: per-station authentication and topic rules', () => {
  const h = new HubHarness('aedes', postgresTarget());
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  const connect = (clientId: string, username: string | undefined, password: string | undefined) =>
    mqtt.connectAsync(h.url, { clientId, username, password, reconnectPeriod: 0, connectTimeout: 5000 }).then((c) => h.track(c));

  it('refuses wrong passwords, missing credentials, and a station client id of another station', async () => {
    await expect(connect(stationClientId('ST-1'), 'ST-1', 'not-the-secret')).rejects.toThrow(/Bad username or password/i);
    await expect(connect(stationClientId('ST-1'), undefined, undefined)).rejects.toThrow(/Bad username or password/i);
    await expect(connect(stationClientId('ST-2'), 'ST-1', h.secretOf('ST-1'))).rejects.toThrow(/Identifier rejected/i);
    // A station secret is not a hub login.
    await expect(connect('anything-else', 'ST-1', h.secretOf('ST-1'))).rejects.toThrow(/Bad username or password/i);
    expect(await counter(h.hub.metrics.brokerAuthFailures, { reason: 'bad_credentials' })).toBeGreaterThanOrEqual(2);
  });

  it('drops a message a station publishes as another station', async () => {
    const intruder = await h.station('ST-1');
    const victim = new StationScript('ST-3', 'boot-ST-3-forged');
    const closed = new Promise<void>((resolve) => intruder.once('close', () => resolve()));
    intruder.publish('camwatch/v1/st/ST-3/health', Buffer.from(JSON.stringify(victim.health(Date.now()))), { qos: 1 });
    // MQTT 3.1.1 cannot refuse a PUBLISH: aedes closes the offending connection.
    await closed;
    expect(await counter(h.hub.metrics.brokerAuthFailures, { reason: 'publish_denied' })).toBe(1);
    // The honest path still works and nothing of the forgery arrived.
    const honest = await h.station('ST-3');
    const st = new StationScript('ST-3', 'boot-ST-3-honest');
    await publish(honest, 'health', { stationId: 'ST-3' }, st.health(Date.now()));
    await until(
      async () => (await count(h, `SELECT count(*)::int AS n FROM health_samples WHERE boot_id = 'boot-ST-3-honest'`)) === 1,
      10_000,
      'honest sample',
    );
    expect(await count(h, `SELECT count(*)::int AS n FROM health_samples WHERE boot_id = 'boot-ST-3-forged'`)).toBe(0);
  });

  it('lets a station subscribe to its own commands and the hub clock only', async () => {
    const client = await h.station('ST-2');
    const own = await client.subscribeAsync('camwatch/v1/st/ST-2/cmd', { qos: 1 });
    const clock = await client.subscribeAsync('camwatch/v1/hub/clock', { qos: 0 });
    expect(own[0]!.qos).toBe(1);
    expect(clock[0]!.qos).toBe(0);
    // SUBACK failure (0x80); mqtt.js turns it into an error, the connection stays up.
    await expect(client.subscribeAsync('camwatch/v1/st/ST-1/cmd', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await expect(client.subscribeAsync('camwatch/v1/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    expect(client.connected).toBe(true);
    expect(await counter(h.hub.metrics.brokerAuthFailures, { reason: 'subscribe_denied' })).toBe(2);
  });

  it('refuses a revoked station at its next login', async () => {
    await h.hub.credentials.revokeStation('ST-2');
    await expect(h.station('ST-2')).rejects.toThrow(/Bad username or password/i);
  });

  it('drops a connected station when its credentials are revoked, keeps the others, and refuses the old secret', async () => {
    const revoked = await h.station('ST-1');
    const bystander = await h.station('ST-3');
    let bystanderClosed = false;
    bystander.once('close', () => (bystanderClosed = true));
    const oldSecret = h.secretOf('ST-1');
    // Wired as in hub-api.ts: the credential routes revoke, then call BrokerCredentialSync.changed().
    const sync = new BrokerCredentialSync(h.hub.db, pino({ level: 'silent' }), {
      disconnectStation: (id) => void h.hub.broker!.disconnectStation(id),
    });
    expect(await h.hub.credentials.revokeStation('ST-1')).toBe(1);
    await sync.changed('ST-1');
    await until(() => !revoked.connected, 5_000, 'ST-1 dropped by the broker');
    // A SUBACK round trip shows the other station's session is live, not just not yet noticed as closed
    // (on a closed client mqtt.js would wait forever, so its close ends the wait too).
    let granted: number | string | null = null;
    bystander.subscribeAsync('camwatch/v1/st/ST-3/cmd', { qos: 1 }).then(
      (g) => (granted = g[0]!.qos),
      (err: Error) => (granted = err.message),
    );
    await until(() => granted !== null || bystanderClosed, 5_000, 'a SUBACK to ST-3, or its close');
    expect({ granted, bystanderClosed, connected: bystander.connected }).toEqual({ granted: 1, bystanderClosed: false, connected: true });
    expect(h.hub.broker!.disconnectStation('ST-1')).toBe(false);
    await expect(connect(stationClientId('ST-1'), 'ST-1', oldSecret)).rejects.toThrow(/Bad username or password/i);
  });
});
