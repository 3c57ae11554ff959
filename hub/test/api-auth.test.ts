import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES } from '@camwatch/config';
import { LOGIN_WINDOW_MS, PER_ADDRESS_FACTOR } from '../src/auth/login-limiter.ts';
import { PASSWORD, startHarness, type Harness } from './api-support/api-harness.ts';

describe('API authentication, sessions and users', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { loginRateLimit: 4 } });
  });
  afterAll(() => h?.close());

  it('answers 401 with a registry code without a session, and 200 with one', async () => {
    const anon = await h.request('GET', '/api/me');
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toMatchObject({ code: 'CW_ERR_UNAUTHENTICATED', statusCode: 401 });
    const me = await h.request('GET', '/api/me', { user: 'commune1' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'commune1', role: 'commune', unitIds: ['C1'], language: 'vi' });
  });

  it('keeps my language choice', async () => {
    expect((await h.request('PATCH', '/api/me', { user: 'district1', body: { language: 'en' } })).json().language).toBe('en');
    expect((await h.request('GET', '/api/me', { user: 'district1' })).json().language).toBe('en');
    expect((await h.request('PATCH', '/api/me', { user: 'district1', body: { language: 'fr' } })).statusCode).toBe(400);
  });

  it('logs a browser in with an HttpOnly SameSite cookie and out again', async () => {
    const res = await h.request('POST', '/api/auth/login', { body: { username: 'viewer', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/cw_session=[A-Za-z0-9_-]{43}/);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    const cookie = set.split(';')[0]!;
    expect((await h.request('GET', '/api/me', { headers: { cookie } })).statusCode).toBe(200);
    expect((await h.request('POST', '/api/auth/logout', { headers: { cookie } })).statusCode).toBe(200);
    expect((await h.request('GET', '/api/me', { headers: { cookie } })).statusCode).toBe(401);
  });

  it('stores only hashes of session tokens', async () => {
    const rows = await h.db.query<{ token_hash: Buffer }>('SELECT token_hash FROM sessions');
    expect(rows.rowCount).toBeGreaterThan(0);
    for (const r of rows.rows) expect(Object.values(h.tokens)).not.toContain(r.token_hash.toString('base64url'));
  });

  it('refuses wrong passwords with one message for unknown users and wrong passwords', async () => {
    const a = await h.request('POST', '/api/auth/login', { body: { username: 'district1', password: 'wrong-password' } });
    const b = await h.request('POST', '/api/auth/login', { body: { username: 'nobody-here', password: 'wrong-password' } });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().message).toBe(b.json().message);
    expect(a.json().code).toBe('CW_ERR_BAD_CREDENTIALS');
  });

  it('shares one login budget per account across both sign-in routes, and lets the right password in after the window', async () => {
    // Only Date is faked (servers and timers run for real), so the window can pass without waiting for it.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) {
        const route = i % 2 ? '/api/auth/login' : '/api/auth/token';
        codes.push((await h.request('POST', route, { body: { username: 'tech2', password: `wrong-${i}` } })).statusCode);
      }
      // loginRateLimit is 4 and the harness signed tech2 in once (on /token): the 5th attempt is refused, whichever route it takes.
      expect(codes).toEqual([401, 401, 401, 429, 429, 429]);
      const limited = await h.request('POST', '/api/auth/login', { body: { username: 'tech2', password: PASSWORD } });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().code).toBe('CW_ERR_RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Another username from the same address is not affected.
      expect((await h.request('POST', '/api/auth/login', { body: { username: 'commune3', password: PASSWORD } })).statusCode).toBe(200);
      vi.setSystemTime(Date.now() + LOGIN_WINDOW_MS + 1_000);
      expect((await h.request('POST', '/api/auth/token', { body: { username: 'tech2', password: PASSWORD } })).statusCode).toBe(200);
    } finally {
      vi.useRealTimers();
    }
    const metrics = await h.deps.registry.getSingleMetricAsString('camwatch_logins_total');
    expect(metrics).toMatch(/result="rate_limited"} [1-9]/);
    expect(metrics).toMatch(/result="bad_credentials"} [1-9]/);
  });

  it('slows guesses on one account spread over many addresses, and one address spraying many accounts', async () => {
    const login = (remoteAddress: string, username: string, url = '/api/auth/token') =>
      h.app.inject({ method: 'POST', url, remoteAddress, payload: { username, password: 'not-it' } });
    const spread: number[] = [];
    for (let i = 0; i < 6; i++)
      spread.push((await login(`10.1.0.${i + 1}`, 'spread-target', i % 2 ? '/api/auth/login' : '/api/auth/token')).statusCode);
    expect(spread).toEqual([401, 401, 401, 401, 429, 429]);
    // One address: PER_ADDRESS_FACTOR × 4 attempts over distinct accounts, then refused for any account.
    const budget = 4 * PER_ADDRESS_FACTOR;
    const spray: number[] = [];
    for (let i = 0; i <= budget; i++) spray.push((await login('10.2.0.1', `nobody-${i}`)).statusCode);
    expect(spray.filter((c) => c === 401)).toHaveLength(budget);
    expect(spray.at(-1)).toBe(429);
    // The flood from that address did not spend the accounts' budgets: the same account from elsewhere is fine.
    expect((await login('10.2.0.2', `nobody-${budget}`)).statusCode).toBe(401);
  });

  it('lets only the admin manage users, within scope, and audits it', async () => {
    const body = { username: 'newcop', displayName: 'Công an mới', role: 'commune', unitIds: ['C2'], password: 'a-long-password-1' };
    expect((await h.request('POST', '/api/users', { user: 'viewer', body })).statusCode).toBe(403);
    const created = await h.request('POST', '/api/users', { user: 'admin', body });
    expect(created.statusCode).toBe(200);
    expect(created.json()).not.toHaveProperty('passwordHash');
    const id = created.json().id as string;
    expect((await h.request('POST', '/api/users', { user: 'admin', body })).statusCode).toBe(409);
    expect(
      (await h.request('POST', '/api/users', { user: 'admin', body: { ...body, username: 'other', unitIds: ['NOPE'] } })).statusCode,
    ).toBe(400);
    const login = await h.request('POST', '/api/auth/token', { body: { username: 'newcop', password: body.password } });
    expect(login.statusCode).toBe(200);
    const token = login.json().token as string;
    // Disabling ends the session at once.
    expect((await h.request('PATCH', `/api/users/${id}`, { user: 'admin', body: { disabled: true } })).statusCode).toBe(200);
    expect((await h.request('GET', '/api/me', { headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    const audit = await h.request('GET', `/api/audit?targetId=${id}`, { user: 'admin' });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['user.update', 'user.create']);
    expect(JSON.stringify(audit.json())).not.toContain(body.password);
  });

  it('changes my own password and ends my sessions', async () => {
    const t = (await h.request('POST', '/api/auth/token', { body: { username: 'commune3', password: PASSWORD } })).json().token as string;
    const auth = { authorization: `Bearer ${t}` };
    expect(
      (await h.request('POST', '/api/me/password', { headers: auth, body: { currentPassword: 'nope', newPassword: 'another-password-2' } }))
        .statusCode,
    ).toBe(401);
    expect(
      (
        await h.request('POST', '/api/me/password', {
          headers: auth,
          body: { currentPassword: PASSWORD, newPassword: 'another-password-2' },
        })
      ).statusCode,
    ).toBe(200);
    expect((await h.request('GET', '/api/me', { headers: auth })).statusCode).toBe(401);
  });

  it('serves the OpenAPI document and docs publicly; unknown routes get a registry code', async () => {
    const doc = await h.request('GET', '/api/openapi.json');
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toContain('/api/auth/login');
    expect((await h.request('GET', '/api/docs/')).statusCode).toBe(200);
    const missing = await h.request('GET', '/api/nothing-here', { user: 'admin' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CW_ERR_ROUTE_NOT_FOUND');
    expect((await h.request('GET', '/api/config')).json()).toMatchObject({ provinceName: 'Long An' });
    expect((await h.request('GET', '/api/ready')).json()).toMatchObject({ ok: true });
  });

  it('uses only registered error codes', () => {
    expect(Object.values(ERROR_CODES).every((c) => c.vi.length > 0 && c.status >= 400)).toBe(true);
  });
});
