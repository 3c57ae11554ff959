import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates } from '@camwatch/testkit';
import { createHub, type Hub, type HubOptions } from '../src/hub.ts';
import { HubEnvError, hubOptionsFromEnv } from '../src/hub-env.ts';
import { HSTS_VALUE } from '../src/http/plugins/transport-security.ts';
import { TlsFilesError } from '../src/http/tls-files.ts';
import { PER_ADDRESS_FACTOR } from '../src/auth/login-limiter.ts';
import { hashPassword } from '../src/auth/password-hasher.ts';
import { UserRepository } from '../src/users/user-repository.ts';
import { postgresTarget } from './support/databases.ts';

const dir = mkdtempSync(join(tmpdir(), 'camwatch-https-'));
const pem = (name: string) => join(dir, name);
/** A private CA and server certificates for 127.0.0.1 signed by it (server, renewed), made by the real openssl. */
function makeCertificates(): void {
  makeTestCertificates(dir, ['server', 'renewed']);
  // The files the hub is pointed at; the SIGHUP test overwrites them with the renewed pair.
  copyFileSync(pem('server.pem'), pem('live.pem'));
  copyFileSync(pem('server.key'), pem('live.key'));
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request on a fresh connection (no keep-alive left behind), over HTTPS trusting only our CA, or plain HTTP. */
function call(url: string, opts: { method?: string; body?: unknown; headers?: Record<string, string>; ca?: Buffer } = {}): Promise<Answer> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: opts.method ?? 'GET',
        agent: false,
        ...(opts.ca ? { ca: opts.ca } : {}),
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(5_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(payload);
  });
}

const login = (base: string, username: string, extra: { headers?: Record<string, string>; ca?: Buffer } = {}) =>
  call(`${base}/api/auth/login`, { method: 'POST', body: { username, password: 'correct-horse-battery' }, ...extra });

const target = postgresTarget();
const hubs: Hub[] = [];
async function startHub(opts: Partial<HubOptions>): Promise<Hub> {
  const db = await target.open();
  const hub = await createHub({
    db,
    dataDir: join(dir, `hub-${hubs.length}`),
    httpPort: 0,
    mqttPort: 0,
    clockBeaconMs: null,
    hubId: `https-${hubs.length}`,
    logger: pino({ level: process.env.TEST_LOG ?? 'silent' }),
    api: { bootstrapAdmin: false, alerts: false, config: { loginRateLimit: 1 } },
    ...opts,
  });
  hubs.push(hub);
  const passwordHash = await hashPassword('correct-horse-battery');
  // Two accounts: the per-account budget is one sign-in a minute here.
  for (const username of ['viewer', 'viewer2'])
    await new UserRepository(db).create({ username, displayName: username, role: 'province_viewer', unitIds: [], passwordHash });
  return hub;
}

beforeAll(() => makeCertificates());
afterAll(async () => {
  for (const h of hubs.splice(0)) await h.stop();
  await target.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS served by the hub itself', () => {
  let hub: Hub;
  let ca: Buffer;
  beforeAll(async () => {
    ca = readFileSync(pem('ca.pem'));
    // Trusting a proxy too: a proxy's word must not take Secure or HSTS away from a TLS connection.
    hub = await startHub({ https: { certFile: pem('live.pem'), keyFile: pem('live.key') }, trustProxy: ['loopback'] });
  });

  it('signs a browser in over HTTPS with a Secure, HttpOnly, SameSite=Strict cookie and sends HSTS', async () => {
    expect(hub.httpUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await login(hub.httpUrl!, 'viewer', { ca });
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^cw_session=[A-Za-z0-9_-]{43};/);
    for (const flag of [/; Secure/, /; HttpOnly/, /; SameSite=Strict/]) expect(cookie).toMatch(flag);
    expect(res.headers['strict-transport-security']).toBe(HSTS_VALUE);
    const me = await call(`${hub.httpUrl}/api/me`, { ca, headers: { cookie: cookie.split(';')[0]! } });
    expect(me.status).toBe(200);
    expect(me.headers['strict-transport-security']).toBe(HSTS_VALUE);
    // Also on the hub's own routes and on errors.
    expect((await call(`${hub.httpUrl}/api/health`, { ca })).headers['strict-transport-security']).toBe(HSTS_VALUE);
    expect((await call(`${hub.httpUrl}/api/no-such-route`, { ca })).headers['strict-transport-security']).toBe(HSTS_VALUE);
    const claimedHttp = await login(hub.httpUrl!, 'viewer2', { ca, headers: { 'x-forwarded-proto': 'http' } });
    expect(claimedHttp.status).toBe(200);
    expect(String(claimedHttp.headers['set-cookie'])).toMatch(/; Secure/);
    expect(claimedHttp.headers['strict-transport-security']).toBe(HSTS_VALUE);
  });

  it('gives a plain HTTP client on the TLS port no answer', async () => {
    const port = new URL(hub.httpUrl!).port;
    await expect(call(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  });

  it('is refused by a client that does not trust the CA', async () => {
    await expect(call(`${hub.httpUrl}/api/health`)).rejects.toThrow(/self-signed|unable to verify|certificate/i);
  });

  it('reloads a renewed certificate on SIGHUP, and keeps the running one when the new files are bad', async () => {
    const { port } = new URL(hub.httpUrl!);
    const served = () =>
      new Promise<string>((resolve, reject) => {
        const socket = tlsConnect({ host: '127.0.0.1', port: Number(port), ca }, () => {
          resolve(socket.getPeerX509Certificate()!.serialNumber);
          socket.end();
        });
        socket.on('error', reject);
      });
    const serial = (file: string) => new X509Certificate(readFileSync(pem(file))).serialNumber;
    // A real signal to this test process; the hub's listener was registered first, so it has run when ours does.
    const sighup = async () => {
      expect(process.listenerCount('SIGHUP')).toBeGreaterThan(0);
      const handled = new Promise((resolve) => process.once('SIGHUP', resolve));
      process.kill(process.pid, 'SIGHUP');
      await handled;
    };
    expect(await served()).toBe(serial('server.pem'));
    copyFileSync(pem('renewed.pem'), pem('live.pem'));
    copyFileSync(pem('renewed.key'), pem('live.key'));
    await sighup();
    expect(await served()).toBe(serial('renewed.pem'));
    // A half-written renewal (new certificate, old key) is not taken.
    copyFileSync(pem('server.pem'), pem('live.pem'));
    await sighup();
    expect(await served()).toBe(serial('renewed.pem'));
    copyFileSync(pem('renewed.pem'), pem('live.pem'));
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  let trusting: Hub;
  let plain: Hub;
  beforeAll(async () => {
    // The test connects from 127.0.0.1, so it stands for nginx on the hub's host.
    trusting = await startHub({ trustProxy: ['loopback'] });
    plain = await startHub({});
  });

  /** Attempts with a fresh user name each, so only the per-address budget (PER_ADDRESS_FACTOR × 1 a minute) can refuse them. */
  let n = 0;
  const attempt = async (hub: Hub, forwardedFor: string) =>
    (await login(hub.httpUrl!, `nobody-${++n}`, { headers: { 'x-forwarded-for': forwardedFor } })).status;

  it('keys the login limit on the client address the proxy reports, not on the proxy', async () => {
    const codes: number[] = [];
    for (let i = 0; i < PER_ADDRESS_FACTOR; i++) codes.push(await attempt(trusting, '203.0.113.7'));
    expect(codes).toEqual(Array(PER_ADDRESS_FACTOR).fill(401));
    expect(await attempt(trusting, '203.0.113.7')).toBe(429);
    // Another client behind the same proxy has its own budget.
    expect(await attempt(trusting, '203.0.113.8')).toBe(401);
    // A client cannot escape by sending its own X-Forwarded-For: nginx appends the real address, and only the proxy's entry counts.
    expect(await attempt(trusting, '198.51.100.99, 203.0.113.7')).toBe(429);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY, so a spoofed header does not dodge the limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < PER_ADDRESS_FACTOR; i++) codes.push(await attempt(plain, `198.51.100.${i}`));
    expect(codes).toEqual(Array(PER_ADDRESS_FACTOR).fill(401));
    expect(await attempt(plain, '198.51.100.200')).toBe(429);
  });

  it('marks the cookie Secure and sends HSTS when a trusted proxy says X-Forwarded-Proto: https, and only then', async () => {
    const behind = await login(trusting.httpUrl!, 'viewer', {
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.50' },
    });
    expect(behind.status).toBe(200);
    expect(String(behind.headers['set-cookie'])).toMatch(/; Secure/);
    expect(behind.headers['strict-transport-security']).toBe(HSTS_VALUE);
    const direct = await login(trusting.httpUrl!, 'viewer2', { headers: { 'x-forwarded-for': '203.0.113.51' } });
    expect(direct.status).toBe(200);
    expect(String(direct.headers['set-cookie'])).not.toMatch(/Secure/);
    expect(direct.headers['strict-transport-security']).toBeUndefined();
    // A hub of its own: the other's address budget is spent by the test above.
    const spoofed = await login((await startHub({})).httpUrl!, 'viewer', { headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.status).toBe(200);
    expect(String(spoofed.headers['set-cookie'])).not.toMatch(/Secure/);
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('TLS and proxy configuration is checked at start', () => {
  const problemsOf = (env: NodeJS.ProcessEnv): string => {
    try {
      hubOptionsFromEnv(env);
    } catch (err) {
      expect(err).toBeInstanceOf(HubEnvError);
      return (err as Error).message;
    }
    return '';
  };

  it('reads a good pair and a proxy list', () => {
    const o = hubOptionsFromEnv({
      TLS_CERT_FILE: pem('server.pem'),
      TLS_KEY_FILE: pem('server.key'),
      TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::1',
    });
    expect(o.https).toEqual({ certFile: pem('server.pem'), keyFile: pem('server.key') });
    expect(o.trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::1']);
    expect(hubOptionsFromEnv({ TRUST_PROXY: '0' }).trustProxy).toBeUndefined();
    expect(hubOptionsFromEnv({}).https).toBeUndefined();
  });

  it('lists every TLS and proxy problem at once, without echoing the key', () => {
    const msg = problemsOf({ TLS_CERT_FILE: pem('server.pem'), TRUST_PROXY: 'true' });
    expect(msg).toContain('TLS_KEY_FILE: required with TLS_CERT_FILE');
    expect(msg).toContain('TRUST_PROXY: name the proxy');
    expect(problemsOf({ TLS_KEY_FILE: pem('server.key'), TRUST_PROXY: '2' })).toMatch(
      /TLS_CERT_FILE: required[^]*TRUST_PROXY: name the proxy/,
    );
    expect(problemsOf({ TRUST_PROXY: '10.0.0.0/33, nginx' })).toMatch(/prefix must be 0–32[^]*"nginx" is not an address/);
    expect(problemsOf({ TLS_CERT_FILE: pem('missing.pem'), TLS_KEY_FILE: pem('server.key') })).toMatch(
      /TLS_CERT_FILE: cannot read .*missing\.pem \(ENOENT\)/,
    );
    expect(problemsOf({ TLS_CERT_FILE: pem('server.key'), TLS_KEY_FILE: pem('server.pem') })).toMatch(
      /TLS_CERT_FILE: .* is not a PEM certificate[^]*TLS_KEY_FILE: .* is not an unencrypted PEM private key/,
    );
    const mismatch = problemsOf({ TLS_CERT_FILE: pem('server.pem'), TLS_KEY_FILE: pem('renewed.key') });
    expect(mismatch).toMatch(/TLS_KEY_FILE: .*renewed\.key is not the private key of the certificate/);
    expect(mismatch).not.toContain('PRIVATE KEY');
  });

  it("refuses to start a hub given a key that is not the certificate's", async () => {
    await expect(startHub({ https: { certFile: pem('server.pem'), keyFile: pem('ca.key') } })).rejects.toThrow(TlsFilesError);
  });

  it('makes `node hub/src/main.ts` exit 1 with the problem on stderr before starting anything', async () => {
    const env = { PATH: process.env.PATH, DATA_DIR: join(dir, 'never'), TLS_CERT_FILE: pem('server.pem'), TLS_KEY_FILE: pem('ca.key') };
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', 'src/main.ts'],
        { cwd: join(import.meta.dirname, '..'), env, timeout: 30_000 },
        (err, _out, stderr) => {
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr });
        },
      );
      child.stdin?.end();
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/invalid hub configuration:\n {2}TLS_KEY_FILE: .*ca\.key is not the private key of the certificate/);
  });
});
