import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, hashPassword, UserRepository, type Hub } from '@camwatch/hub';
import { mosquittoHash, renderAclFile, renderPasswordFile } from '@camwatch/hub/testing';
import { freePort, makeTestCertificates, MosquittoServer, PostgresServer, RtspTestServer } from '@camwatch/testkit';
import { generateFleet } from '../src/fleet/generate-fleet.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const HUB_PASSWORD = 'hub-account-password-for-claims';

/** The agent's real CLI, as the technician runs it on the box. */
function agentCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'edge-agent/src/main.ts', ...args], {
    cwd: repoRoot,
    // Nothing of the test's own CAMWATCH_* environment leaks in: the agent must find what the claim wrote.
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CAMWATCH_'))), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

/** A station's config as the .deb leaves it: cameras filled in, no broker credentials. */
function unclaimedConfig(dir: string, cameraUrl: string): string {
  const file = join(dir, 'agent.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      'stationId: LA-XX-0000',
      'mqtt:',
      '  url: mqtts://hub.example.invalid:8883',
      'cameras:',
      '  - cameraId: CAM-1',
      `    rtspUrl: ${cameraUrl}`,
      'intervals:',
      '  healthMs: 1000',
      'outbox:',
      `  dir: ${join(dir, 'state')}`,
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * Provisioning a station with a claim code, end to end: the hub (real PostgreSQL) issues the
 * code, the agent's CLI redeems it over HTTPS (a private CA), the hub rewrites Mosquitto's password file and
 * ACL and reloads it, and the agent started next connects to that Mosquitto with what the claim
 * wrote, without anyone typing a password.
 */
describe('camwatch-agent claim CODE --hub URL', () => {
  let dir: string;
  let postgres: PostgresServer;
  let mosquitto: MosquittoServer;
  let rtsp: RtspTestServer;
  let hub: Hub;
  let token = '';
  let stations: string[] = [];
  let tls: { ca: string; cert: string; key: string };

  const api = (method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = httpsRequest(
        `${hub.httpUrl}${path}`,
        {
          method,
          ca: readFileSync(tls.ca),
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(payload ? { 'content-type': 'application/json' } : {}) },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camwatch-claim-'));
    const certs = makeTestCertificates(dir, ['hub']);
    tls = { ca: certs.ca, ...certs.leaf.hub! };
    const brokerDir = join(dir, 'broker');
    await mkdir(brokerDir);
    // The hub's own account exists before the hub starts (it connects first); the hub then rewrites both files.
    await writeFile(join(brokerDir, 'passwd'), renderPasswordFile([{ username: 'hub', passwordHash: mosquittoHash(HUB_PASSWORD) }]));
    await writeFile(join(brokerDir, 'acl'), renderAclFile([], ['hub']));
    [postgres, mosquitto, rtsp] = await Promise.all([
      new PostgresServer().start(),
      new MosquittoServer({
        persistence: false,
        extraConfig: ['allow_anonymous false', `password_file ${join(brokerDir, 'passwd')}`, `acl_file ${join(brokerDir, 'acl')}`],
      }).start(),
      new RtspTestServer().start(),
    ]);
    const pidFile = join(brokerDir, 'mosquitto.pid');
    await writeFile(pidFile, `${mosquitto.pid}\n`);
    hub = await createHub({
      databaseUrl: postgres.url,
      dataDir: join(dir, 'hub'),
      httpPort: 0,
      https: { certFile: tls.cert, keyFile: tls.key },
      mqttUrl: mosquitto.url,
      mqttUsername: 'hub',
      mqttPassword: HUB_PASSWORD,
      hubId: 'claims',
      clockBeaconMs: null,
      logger: pino({ level: 'silent' }),
      api: { bootstrapAdmin: false, alerts: false, mosquitto: { dir: brokerDir, pidFile } },
    });
    const inventory = generateFleet({ seed: 11, cameras: 12 }).inventory;
    await hub.importInventory(inventory);
    stations = inventory.stations.map((s) => s.id);
    expect(stations.length).toBeGreaterThanOrEqual(3);
    await new UserRepository(hub.db).create({
      username: 'admin',
      displayName: 'Admin',
      role: 'province_admin',
      unitIds: [],
      passwordHash: await hashPassword('admin-password-1'),
    });
    token = (await api('POST', '/api/auth/token', { username: 'admin', password: 'admin-password-1' })).json.token as string;
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await mosquitto?.destroy();
    await rtsp?.stop();
    await postgres?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const newCode = async (stationId: string) => {
    const res = await api('POST', `/api/stations/${stationId}/claim-codes`);
    expect(res.status).toBe(200);
    return res.json.code as string;
  };

  it('redeems the code into a root-only env file, and the agent started next connects to Mosquitto as its station', async () => {
    const stationId = stations[0]!;
    const box = await mkdtemp(join(dir, 'box-'));
    const config = unclaimedConfig(box, rtsp.url('ok'));
    const code = await newCode(stationId);

    const claim = agentCli(['claim', code.toLowerCase(), '--hub', hub.httpUrl!, '--ca', tls.ca, '--config', config]);
    expect(await claim.exited, claim.output()).toBe(0);
    expect(claim.output()).toContain(`Đã nhận trạm ${stationId}`);
    expect(claim.output()).toContain(`Station ${stationId} claimed`);
    const envFile = join(box, 'agent.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const env = await readFile(envFile, 'utf8');
    expect(env).toContain(`CAMWATCH_STATION_ID=${stationId}`);
    expect(env).toContain(`CAMWATCH_MQTT__URL=${mosquitto.url}`);
    expect(env).toMatch(/^CAMWATCH_MQTT__PASSWORD=\S{20,}$/m);
    // The password went into the file only, never to the terminal.
    expect(claim.output()).not.toContain(env.match(/CAMWATCH_MQTT__PASSWORD=(\S+)/)![1]);

    const agent = agentCli(['--config', config]);
    try {
      await expect
        .poll(async () => (await api('GET', `/api/stations/${stationId}`)).json.status, { timeout: 30_000, interval: 500 })
        .toBe('online');
    } finally {
      agent.child.kill('SIGTERM');
      expect(await agent.exited, agent.output()).toBe(0);
    }
    const audit = (await api('GET', '/api/audit?limit=50')).json.items as { action: string; targetId: string }[];
    expect(audit.some((a) => a.action === 'claim.redeem' && a.targetId === stationId)).toBe(true);
  }, 90_000);

  it('refuses a used code, a wrong code and a wrong address in both languages, and writes nothing', async () => {
    const box = await mkdtemp(join(dir, 'box-'));
    const config = unclaimedConfig(box, rtsp.url('ok'));
    const code = await newCode(stations[1]!);
    expect(await agentCli(['claim', code, '--hub', hub.httpUrl!, '--ca', tls.ca, '--config', config]).exited).toBe(0);
    await rm(join(box, 'agent.env'));

    const again = agentCli(['claim', code, '--hub', hub.httpUrl!, '--ca', tls.ca, '--config', config]);
    expect(await again.exited).toBe(3);
    expect(again.output()).toContain('Mã nhận không đúng, đã dùng hoặc đã hết hạn');
    expect(again.output()).toContain('The claim code is wrong, already used or expired');

    const untrusted = agentCli(['claim', code, '--hub', hub.httpUrl!, '--config', config]);
    expect(await untrusted.exited).toBe(3);
    expect(untrusted.output()).toContain('không được tin cậy');
    expect(untrusted.output()).toContain('--ca');

    const wrong = agentCli(['claim', 'NOPE-0000', '--hub', hub.httpUrl!, '--ca', tls.ca, '--config', config]);
    expect(await wrong.exited).toBe(3);
    expect(wrong.output()).toContain('The claim code is wrong');

    const plain = agentCli(['claim', code, '--hub', 'http://hub.example.invalid', '--config', config]);
    expect(await plain.exited).toBe(3);
    expect(plain.output()).toContain('only sent over HTTPS');

    const closed = agentCli(['claim', code, '--hub', `http://127.0.0.1:${await freePort()}`, '--config', config]);
    expect(await closed.exited).toBe(4);
    expect(closed.output()).toContain('Không kết nối được hub');
    expect(closed.output()).toContain('ECONNREFUSED');

    // Credentials it could not keep are never asked for: the code stays unspent.
    writeFileSync(join(box, 'not-a-dir'), '');
    const spare = await newCode(stations[1]!);
    const unwritable = agentCli(['claim', spare, '--hub', hub.httpUrl!, '--ca', tls.ca, '--config', join(box, 'not-a-dir/agent.yaml')]);
    expect(await unwritable.exited).toBe(3);
    expect(unwritable.output()).toContain('the code was not used');
    expect(await agentCli(['claim', spare, '--hub', hub.httpUrl!, '--ca', tls.ca, '--config', config]).exited).toBe(0);
    await rm(join(box, 'agent.env'));

    const noHub = agentCli(['claim', code, '--config', config]);
    expect(await noHub.exited).toBe(3);
    expect(noHub.output()).toContain('--hub');
    await expect(readFile(join(box, 'agent.env'))).rejects.toThrow(/ENOENT/);
  }, 90_000);

  it('--check says the station is unclaimed, and with --claim redeems first and then checks the cameras', async () => {
    const stationId = stations[2]!;
    const box = await mkdtemp(join(dir, 'box-'));
    const config = unclaimedConfig(box, rtsp.url('ok'));

    const unclaimed = agentCli(['--config', config, '--check']);
    expect(await unclaimed.exited, unclaimed.output()).toBe(0);
    expect(unclaimed.output()).toContain('Trạm chưa có thông tin đăng nhập broker');
    expect(unclaimed.output()).toContain('CAM-1');

    const check = agentCli(['--config', config, '--check', '--claim', await newCode(stationId), '--hub', hub.httpUrl!, '--ca', tls.ca]);
    expect(await check.exited, check.output()).toBe(0);
    expect(check.output()).toContain(`Station ${stationId} claimed`);
    expect(check.output()).not.toContain('Trạm chưa có thông tin đăng nhập broker');
    expect(check.output()).toContain('CAM-1');

    // Claimed once: a second --check --claim does not spend another code.
    const unused = await newCode(stationId);
    const again = agentCli(['--config', config, '--check', '--claim', unused, '--hub', hub.httpUrl!, '--ca', tls.ca]);
    expect(await again.exited, again.output()).toBe(0);
    expect(again.output()).not.toContain('claimed');
    const spare = await mkdtemp(join(dir, 'box-'));
    expect(
      await agentCli(['claim', unused, '--hub', hub.httpUrl!, '--ca', tls.ca, '--config', unclaimedConfig(spare, rtsp.url('ok'))]).exited,
    ).toBe(0);
  }, 120_000);
});
