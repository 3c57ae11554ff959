import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresServer } from '@camwatch/testkit';
import { generateFleet } from '../src/fleet/generate-fleet.ts';
import { FAST_INTERVALS } from '../src/chaos/chaos-types.ts';
import { FleetShards } from '../src/chaos/fleet-shards.ts';
import { HubSupervisor } from '../src/hub-child/hub-supervisor.ts';
import { findSecrets } from '../src/chaos/secret-scan.ts';

/**
 * A full run with everything logging at debug: the hub (its own process, embedded broker, API,
 * first-admin bootstrap), an admin who creates users and issues station credentials and claim
 * codes through the API, a simulated fleet that connects with those credentials and suffers a
 * power cut and an uplink cut, users who sign in (and mistype). Afterwards every password,
 * token, station secret and claim code is searched for in every log line and in every API
 * answer except the one that handed it out.
 */
describe('secrets never appear in logs or API answers', () => {
  let dir: string;
  let postgres: PostgresServer;
  let hub: HubSupervisor;
  let fleet: FleetShards | null = null;
  /** Every secret of the run, by what it is. */
  const secrets = new Map<string, string>();
  /** API answers, except those that legitimately hand a secret out. */
  const answers = new Map<string, string>();
  let adminPassword = '';

  async function api(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; issues?: boolean } = {},
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${hub.httpUrl}${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    if (!opts.issues) answers.set(`${answers.size} ${method} ${path} → ${res.status}`, text);
    return { status: res.status, json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camwatch-secrets-'));
    postgres = await new PostgresServer().start();
    const inventory = generateFleet({ seed: 5, cameras: 30 }).inventory;
    const inventoryFile = join(dir, 'inventory.json');
    await writeFile(inventoryFile, JSON.stringify(inventory));
    hub = new HubSupervisor(
      {
        databaseUrl: postgres.url,
        mqttUrl: null,
        mqttPort: 0,
        hubId: 'secrets',
        dataDir: join(dir, 'hub'),
        inventoryFile,
        logLevel: 'debug',
        api: { bootstrapAdmin: true },
        status: { offlineAfterMs: 8_000, offlineHoldMs: 15_000 },
        sweepEveryMs: 1_000,
      },
      dir,
    );
    await hub.start();

    // The first admin's password is printed once, on the terminal (stderr), not in the log.
    const terminal = await readFile(join(dir, 'hub.log'), 'utf8');
    adminPassword = /sign in as "admin" with password (\S+)/.exec(terminal)?.[1] ?? '';
    secrets.set('first admin password', adminPassword);

    const wrong = `${adminPassword}-typo`;
    secrets.set('mistyped password', wrong);
    expect((await api('POST', '/api/auth/token', { body: { username: 'admin', password: wrong } })).status).toBe(401);
    const admin = (await api('POST', '/api/auth/token', { body: { username: 'admin', password: adminPassword }, issues: true })).json
      .token as string;
    secrets.set('admin token', admin);

    const commune = inventory.stations[0]!.unitId;
    const userPassword = 'Mật-khẩu-xã-2024!';
    secrets.set('user password', userPassword);
    expect(
      (
        await api('POST', '/api/users', {
          token: admin,
          body: { username: 'cong-an-xa', displayName: 'Công an xã', role: 'commune', unitIds: [commune], password: userPassword },
        })
      ).status,
    ).toBe(200);
    const userToken = (await api('POST', '/api/auth/token', { body: { username: 'cong-an-xa', password: userPassword }, issues: true }))
      .json.token as string;
    secrets.set('user token', userToken);
    const newPassword = 'Mật-khẩu-mới-2025!';
    secrets.set('changed password', newPassword);
    expect(
      (await api('POST', '/api/me/password', { token: userToken, body: { currentPassword: userPassword, newPassword } })).status,
    ).toBeLessThan(300);

    // Station credentials, issued through the API as an admin would; one station provisions itself with a claim code.
    const credentials: Record<string, { username: string; password: string }> = {};
    const [claimed, ...issued] = inventory.stations;
    for (const s of issued) {
      const r = await api('POST', `/api/stations/${s.id}/credentials`, { token: admin, body: { revokePrevious: true }, issues: true });
      expect(r.status).toBe(200);
      credentials[s.id] = { username: s.id, password: r.json.password as string };
      secrets.set(`station secret ${s.id}`, r.json.password as string);
    }
    const code = (await api('POST', `/api/stations/${claimed!.id}/claim-codes`, { token: admin, issues: true })).json.code as string;
    secrets.set('claim code', code);
    secrets.set('claim code (as typed without dashes)', code.replace(/[-\s]/g, ''));
    const redeemed = await api('POST', '/api/provision/claim', { body: { code }, issues: true });
    expect(redeemed.status).toBe(200);
    credentials[claimed!.id] = { username: claimed!.id, password: redeemed.json.password as string };
    secrets.set(`station secret ${claimed!.id}`, redeemed.json.password as string);
    const credentialsFile = join(dir, 'station-credentials.json');
    await writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });

    fleet = new FleetShards(inventory, dir, 1, {
      inventoryFile,
      seed: 5,
      mqttUrl: hub.mqttUrl,
      credentialsFile,
      intervals: FAST_INTERVALS,
      keepaliveS: 10,
      reconnectMinMs: 200,
      reconnectMaxMs: 2_000,
      startSpreadMs: 500,
      ledger: false,
      logLevel: 'debug',
    });
    await fleet.start();
    const deadline = Date.now() + 60_000;
    while ((await fleet.stats()).connected < inventory.stations.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 300));
    expect((await fleet.stats()).connected).toBe(inventory.stations.length);
    await fleet.powerCut([issued[0]!.id]);
    await fleet.cutUplink([issued[1]!.id], 3_000);
    await new Promise((r) => setTimeout(r, 4_000));
    await fleet.restorePower([issued[0]!.id]);

    // Read everything a user can read, with the secrets-bearing records in place.
    for (const path of [
      '/api/me',
      '/api/users',
      '/api/audit?limit=500',
      `/api/stations/${claimed!.id}`,
      `/api/stations/${claimed!.id}/credentials`,
      '/api/map',
      '/api/config',
      '/api/inventory?format=yaml',
      '/api/inventory?format=csv&entity=stations',
      '/api/alert-channels',
    ]) {
      await api('GET', path, { token: admin });
    }
    await api('GET', '/api/me', { token: userToken });
    await api('POST', '/api/auth/logout', { token: admin });
    await new Promise((r) => setTimeout(r, 3_000));
  }, 240_000);

  afterAll(async () => {
    await fleet?.stop();
    await fleet?.close();
    await hub?.stop();
    await hub?.close();
    await postgres?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('collected the secrets of a full run', () => {
    expect(adminPassword.length).toBeGreaterThanOrEqual(12);
    expect(secrets.size).toBeGreaterThanOrEqual(10);
    expect([...secrets.values()].every((s) => s.length >= 8)).toBe(true);
  });

  it('no log line of the hub or the agents holds any of them', async () => {
    await fleet?.stop();
    await hub.stop();
    const logs = new Map<string, string>();
    for (const name of (await readdir(dir)).filter((f) => f.endsWith('.log'))) {
      const text = await readFile(join(dir, name), 'utf8');
      // The first-admin line on the terminal is the one place that password may appear, once.
      const terminalLines = text.split('\n').filter((l) => l.includes('sign in as "admin" with password'));
      expect(terminalLines.length).toBeLessThanOrEqual(1);
      logs.set(
        name,
        text
          .split('\n')
          .filter((l) => !terminalLines.includes(l))
          .join('\n'),
      );
    }
    // The logs are really there: the hub's sign-ins (the mistyped one too) and the agents' connection trouble.
    expect(logs.get('hub.log')).toContain('login refused');
    expect(logs.get('hub.log')).toContain('station provisioned with a claim code');
    expect(logs.get('fleet.0.log')!.length).toBeGreaterThan(1_000);
    const names = [...secrets.keys()];
    const found = findSecrets(logs, [...secrets.values()]).map((f) => f.replace(/secret #(\d+)/, (_m, i: string) => names[Number(i)]!));
    expect(found).toEqual([]);
    // The search itself works: one secret planted in a copy of the hub's log is found.
    const planted = new Map([['hub.log', `${logs.get('hub.log')}\n{"msg":"oops","password":"${secrets.get('user password')}"}`]]);
    expect(findSecrets(planted, [...secrets.values()])).toHaveLength(1);
  });

  it('no API answer holds any of them, except the one answer that handed each out', () => {
    expect(answers.size).toBeGreaterThan(10);
    const names = [...secrets.keys()];
    const found = findSecrets(answers, [...secrets.values()]).map((f) => f.replace(/secret #(\d+)/, (_m, i: string) => names[Number(i)]!));
    expect(found).toEqual([]);
  });
});
