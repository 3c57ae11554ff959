import { createHash } from 'node:crypto';
import fc from 'fast-check';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJson, encodeSnapshotFrame, topicFor } from '@camwatch/config';
import {
  fillPath,
  hostileQueryValue,
  invalidBody,
  routesOf,
  SQL_INJECTION,
  TRAVERSAL,
  type ApiRoute,
} from '../src/chaos/hostile/http-attacks.ts';
import { startHostileHub, until, type HostileHub, type HostileUser } from '../src/chaos/hostile/hostile-hub.ts';
import { validCameraStatus } from '../src/chaos/hostile/mqtt-payloads.ts';

/** Routes the generated requests leave alone: one ends the caller's session, one never ends (event stream). */
const SKIP = new Set(['POST /api/auth/logout', 'GET /api/live']);
const LOGIN_LIMIT = 5;

interface Answer {
  status: number;
  body: string;
}

describe('hostile HTTP input against the real hub (real sockets, real PostgreSQL)', () => {
  let h: HostileHub;
  let routes: ApiRoute[];
  const tokens = new Map<string, string>();
  /** Stations and cameras inside commune A (the scoped users' area) and in commune B (a different district). */
  let inside: { station: string; camera: string; unit: string };
  let outside: { station: string; camera: string; unit: string };
  const bodies: string[] = [];

  async function call(
    method: string,
    url: string,
    opts: { token?: string | null; body?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const res = await fetch(`${h.httpUrl}${url}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined ? { body: opts.body } : {}),
    });
    const body = await res.text();
    bodies.push(body);
    return { status: res.status, body };
  }

  const user = (role: string) => h.users.find((u) => u.username === `u-${role.replace('_', '-')}`)!;
  const tokenOf = (u: HostileUser) => tokens.get(u.username)!;

  beforeAll(async () => {
    h = await startHostileHub({ cameras: 24, loginRateLimit: LOGIN_LIMIT });
    for (const u of h.users) {
      const r = await call('POST', '/api/auth/token', { body: JSON.stringify({ username: u.username, password: u.password }) });
      if (r.status !== 200) throw new Error(`login ${u.username}: ${r.status} ${r.body}`);
      tokens.set(u.username, (JSON.parse(r.body) as { token: string }).token);
    }
    const a = user('commune').unitIds[0]!;
    const b = h.users.find((u) => u.username === 'u-commune-b')!.unitIds[0]!;
    const pick = (unit: string) => {
      const station = h.inventory.stations.find((s) => s.unitId === unit)!.id;
      return { station, camera: h.inventory.cameras.find((c) => c.stationId === station)!.id, unit };
    };
    inside = pick(a);
    outside = pick(b);
    // Give the cameras a status and a snapshot, so every read route has something to leak.
    for (const place of [inside, outside]) {
      const client = await mqtt.connectAsync(h.mqttUrl, {
        clientId: h.clientIdOf(place.station),
        username: place.station,
        password: h.secrets.get(place.station),
        reconnectPeriod: 0,
      });
      const boot = '3c0c2a4e-1f7b-4d6e-9a8b-7c6d5e4f3a2b';
      await client.publishAsync(
        topicFor('cameraStatus', { stationId: place.station, cameraId: place.camera }),
        encodeJson('cameraStatus', validCameraStatus(place.station, place.camera, boot, 1, Date.now() - 5_000, 'down')),
        { qos: 1 },
      );
      const jpeg = Buffer.concat([
        Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
        Buffer.alloc(500, place === inside ? 1 : 2),
        Buffer.from([0xff, 0xd9]),
      ]);
      await client.publishAsync(
        topicFor('snapshot', { stationId: place.station, cameraId: place.camera }),
        encodeSnapshotFrame(
          {
            stationId: place.station,
            bootId: boot,
            seq: 2,
            ts: Date.now() - 4_000,
            replay: false,
            cameraId: place.camera,
            width: 640,
            height: 360,
            trigger: 'scheduled',
          },
          jpeg,
        ),
        { qos: 1 },
      );
      await client.endAsync();
    }
    await until(
      'statuses and snapshots stored',
      async () => (await h.hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM snapshots WHERE is_latest')).rows[0]!.n === 2,
    );
    const doc = JSON.parse((await call('GET', '/api/openapi.json')).body) as Parameters<typeof routesOf>[0];
    routes = routesOf(doc).filter((r) => !SKIP.has(`${r.method} ${r.path}`) && !r.path.startsWith('/api/docs'));
  });

  afterAll(async () => {
    await h?.stop();
  });

  it(
    'generated invalid bodies, queries and ids on every route of the OpenAPI document: 4xx (or a scoped 2xx), never 5xx',
    { timeout: 240_000 },
    async () => {
      expect(routes.length).toBeGreaterThan(50);
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      const admin = tokenOf(user('province_admin'));
      const commune = tokenOf(user('commune'));
      for (const [i, route] of routes.entries()) {
        const samples = fc.sample(
          fc.record({
            ids: fc.array(
              fc.oneof(fc.constantFrom(...TRAVERSAL, ...SQL_INJECTION, inside.station, outside.camera), fc.string({ maxLength: 30 })),
              { minLength: 2, maxLength: 2 },
            ),
            query: fc.dictionary(fc.constantFrom(...(route.query.length ? route.query : ['limit'])), hostileQueryValue, { maxKeys: 3 }),
            body: invalidBody(route.body),
            asAdmin: fc.boolean(),
          }),
          { numRuns: 6, seed: 1_000 + i },
        );
        for (const s of samples) {
          let k = 0;
          const qs = new URLSearchParams(s.query).toString();
          const url = fillPath(route.path, () => s.ids[k++ % 2]!) + (qs ? `?${qs}` : '');
          const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
          const r = await call(route.method, url, { token: s.asAdmin ? admin : commune, ...(hasBody ? { body: s.body } : {}) });
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status >= 500) failures.push(`${route.method} ${url.slice(0, 200)} → ${r.status} ${r.body.slice(0, 200)}`);
        }
      }
      expect(failures).toEqual([]);
      expect([...statuses.keys()].some((s) => s >= 400 && s < 500)).toBe(true);
    },
  );

  it('path traversal on the snapshot and export routes reads no file', async () => {
    const admin = tokenOf(user('province_admin'));
    for (const t of TRAVERSAL) {
      const answers = [
        await call('GET', `/api/snapshots/${encodeURIComponent(t)}`, { token: admin }),
        await call('GET', `/api/snapshots/${t}`, { token: admin }),
        await call('GET', `/api/cameras/${encodeURIComponent(t)}/snapshots/latest`, { token: admin }),
        await call('GET', `/api/inventory?format=${encodeURIComponent(t)}`, { token: admin }),
        await call('GET', `/api/reports/uptime.csv?lang=${encodeURIComponent(t)}&unitId=${encodeURIComponent(t)}`, { token: admin }),
        await call('GET', `/api/reports/outages.csv?lang=${encodeURIComponent(t)}`, { token: admin }),
      ];
      for (const a of answers) {
        expect(a.status, t).toBeLessThan(500);
        expect(a.status, t).not.toBe(200);
        expect(a.body).not.toMatch(/root:x?:0:0|\[fonts\]|"level":\d\d/);
      }
    }
    // A real link works once signed, and only for the file it was signed for.
    const latest = await call('GET', `/api/cameras/${inside.camera}/snapshots/latest`, { token: admin });
    expect(latest.status).toBe(200);
    const url = (JSON.parse(latest.body) as { url: string }).url;
    expect((await call('GET', url, { token: admin })).status).toBe(200);
    // The link is the signer's: another user, or nobody, gets nothing from it.
    expect((await call('GET', url, { token: tokenOf(user('province_viewer')) })).status).toBe(404);
    expect((await call('GET', url)).status).toBe(401);
    // Tampered in the middle (the last base64 character may carry only padding bits, so changing it can leave the bytes as they were).
    const mid = Math.floor((url.lastIndexOf('/') + url.length) / 2);
    const tampered = url.slice(0, mid) + (url[mid] === 'A' ? 'B' : 'A') + url.slice(mid + 1);
    expect((await call('GET', tampered, { token: admin })).status).toBeGreaterThanOrEqual(400);
    expect((await call('GET', `${url.slice(0, -8)}/../../../hub.log`, { token: admin })).status).toBeGreaterThanOrEqual(400);
  });

  it(
    'SQL injection in every filter and id: never 5xx, no rows outside the area, no hash in any answer, tables intact',
    { timeout: 120_000 },
    async () => {
      const commune = tokenOf(user('commune'));
      const before = (await h.hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stations')).rows[0]!.n;
      const failures: string[] = [];
      for (const route of routes.filter((r) => r.method === 'GET')) {
        for (const attack of SQL_INJECTION) {
          const qs = new URLSearchParams(Object.fromEntries(route.query.map((q) => [q, attack]))).toString();
          const url = fillPath(route.path, () => attack) + (qs ? `?${qs}` : '');
          const r = await call('GET', url, { token: commune });
          if (r.status >= 500) failures.push(`${url} → ${r.status}`);
          if (r.status === 200 && r.body.includes(outside.station)) failures.push(`${url} leaked ${outside.station}`);
        }
      }
      expect(failures).toEqual([]);
      expect((await h.hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stations')).rows[0]!.n).toBe(before);
      expect(bodies.filter((b) => /scrypt\$|\$7\$\d+\$|secret_hash|password_hash/.test(b))).toEqual([]);
    },
  );

  it('login brute force is rate-limited (429), and the right password does not get through while limited', async () => {
    const target = user('province_viewer');
    const answers: number[] = [];
    for (let i = 0; i < LOGIN_LIMIT + 10; i++)
      answers.push(
        (await call('POST', '/api/auth/token', { body: JSON.stringify({ username: target.username, password: `guess-${i}` }) })).status,
      );
    // Every attempt counts, the successful sign-in of this user at the start of the suite included.
    expect(answers).toEqual([...Array(LOGIN_LIMIT - 1).fill(401), ...Array(11).fill(429)]);
    const right = await call('POST', '/api/auth/token', { body: JSON.stringify({ username: target.username, password: target.password }) });
    expect(right.status).toBe(429);
    expect(JSON.parse(right.body)).toMatchObject({ code: 'CW_ERR_RATE_LIMITED' });
    // The browser sign-in shares the budget: switching routes buys no more guesses.
    const browser: number[] = [];
    for (let i = 0; i < 3; i++)
      browser.push(
        (await call('POST', '/api/auth/login', { body: JSON.stringify({ username: target.username, password: `guess-b-${i}` }) })).status,
      );
    expect(browser).toEqual([429, 429, 429]);
    // Another account is not locked out by the attack on this one.
    const other = user('technician');
    expect(
      (await call('POST', '/api/auth/token', { body: JSON.stringify({ username: other.username, password: other.password }) })).status,
    ).toBe(200);
  });

  it('forged, tampered, logged-out, expired and disabled-user tokens are refused (401)', async () => {
    const good = tokenOf(user('technician'));
    // Changed in the middle: the last base64 character may carry only padding bits.
    const flip = (t: string) => t.slice(0, t.length >> 1) + (t[t.length >> 1] === 'A' ? 'B' : 'A') + t.slice((t.length >> 1) + 1);
    const forged = [
      'x',
      flip(good),
      good + 'x',
      good.toUpperCase(),
      'eyJhbGciOiJub25lIn0.eyJyb2xlIjoicHJvdmluY2VfYWRtaW4ifQ.',
      '0'.repeat(64),
      `${good} ${good}`,
      "' OR '1'='1",
      '../../../../etc/passwd',
      'a'.repeat(10_000),
    ];
    for (const t of forged) expect((await call('GET', '/api/me', { token: t })).status, t.slice(0, 40)).toBe(401);
    expect((await call('GET', '/api/me', { headers: { cookie: `cw_session=${flip(good)}` } })).status).toBe(401);
    expect((await call('GET', '/api/me', { headers: { authorization: 'Bearer ' } })).status).toBe(401);
    expect(
      (await call('GET', '/api/me', { headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } })).status,
    ).toBe(401);
    expect((await call('GET', '/api/me', { token: good })).status).toBe(200);

    // Logged out: the same token is dead.
    const u = h.users.find((x) => x.username === 'u-commune-b')!;
    const login = async () =>
      (
        JSON.parse(
          (await call('POST', '/api/auth/token', { body: JSON.stringify({ username: u.username, password: u.password }) })).body,
        ) as { token: string }
      ).token;
    const t1 = await login();
    expect((await call('POST', '/api/auth/logout', { token: t1 })).status).toBe(200);
    expect((await call('GET', '/api/me', { token: t1 })).status).toBe(401);

    // Expired: the session's time has passed (moved in the database: a test does not wait twelve hours).
    const t2 = await login();
    await h.hub.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
      createHash('sha256').update(t2).digest(),
    ]);
    expect((await call('GET', '/api/me', { token: t2 })).status).toBe(401);

    // Disabled by an admin: every session of the user stops at once.
    const t3 = await login();
    const list = (
      JSON.parse((await call('GET', '/api/users', { token: tokenOf(user('province_admin')) })).body) as {
        items: { id: string; username: string }[];
      }
    ).items;
    const id = list.find((x) => x.username === u.username)!.id;
    expect(
      (await call('PATCH', `/api/users/${id}`, { token: tokenOf(user('province_admin')), body: JSON.stringify({ disabled: true }) }))
        .status,
    ).toBe(200);
    expect((await call('GET', '/api/me', { token: t3 })).status).toBe(401);
  });

  it('no role scoped to one commune or district can read or change anything of another district', async () => {
    const probes = (o: typeof outside): [string, string, string?][] => [
      ['GET', `/api/stations/${o.station}`],
      ['GET', `/api/stations/${o.station}/unit-history`],
      ['GET', `/api/cameras/${o.camera}/timeline?range=24h`],
      ['GET', `/api/cameras/${o.camera}/snapshots`],
      ['GET', `/api/cameras/${o.camera}/snapshots/latest`],
      ['GET', `/api/reports/stations/${o.station}?period=day`],
      ['GET', `/api/reports/cameras/${o.camera}?period=day`],
      ['GET', `/api/reports/units/${o.unit}?period=day`],
      ['GET', `/api/reports/uptime?unitId=${o.unit}`],
      ['GET', `/api/reports/uptime.csv?unitId=${o.unit}`],
      ['GET', `/api/reports/daily?stationId=${o.station}`],
      ['GET', `/api/reports/outages?cameraId=${o.camera}`],
      ['GET', `/api/stations/${o.station}/credentials`],
      ['POST', `/api/stations/${o.station}/credentials`, '{}'],
      ['POST', `/api/stations/${o.station}/claim-codes`],
      ['PATCH', `/api/stations/${o.station}`, JSON.stringify({ name: 'hijacked' })],
      ['POST', `/api/stations/${o.station}/retire`, JSON.stringify({ reason: 'x' })],
      ['PATCH', `/api/cameras/${o.camera}`, JSON.stringify({ model: 'hijacked' })],
      [
        'POST',
        '/api/maintenance',
        JSON.stringify({ stationId: o.station, cameraId: null, startsAt: Date.now(), endsAt: Date.now() + 3_600_000, reason: 'x' }),
      ],
    ];
    // An error may repeat the id it was asked for; data of the station (its name, its address) must never appear.
    const markers = (stationId: string) => {
      const st = h.inventory.stations.find((x) => x.id === stationId)!;
      return [st.name, st.address].filter((m): m is string => typeof m === 'string' && m.length > 3);
    };
    const leaked = (body: string, stationId: string) => markers(stationId).some((m) => body.includes(m));
    const leaks: string[] = [];
    for (const role of ['district', 'commune', 'technician']) {
      const token = tokenOf(user(role));
      for (const [method, url, body] of probes(outside)) {
        const r = await call(method, url, { token, ...(body !== undefined ? { body } : method === 'POST' ? { body: '{}' } : {}) });
        if (r.status < 400 || leaked(r.body, outside.station)) leaks.push(`${role} ${method} ${url} → ${r.status}`);
      }
      const map = JSON.parse((await call('GET', '/api/map', { token })).body) as { stations: { id: string[] } };
      if (map.stations.id.includes(outside.station)) leaks.push(`${role} sees ${outside.station} on the map`);
      if (!map.stations.id.includes(inside.station)) leaks.push(`${role} does not see its own ${inside.station}`);
    }
    // The other direction: commune B's user cannot see commune A.
    const b = tokenOf(h.users.find((x) => x.username === 'u-commune-b')!);
    for (const [method, url] of probes(inside).filter(([m]) => m === 'GET')) {
      const r = await call(method, url, { token: b });
      if (r.status < 400 || leaked(r.body, inside.station)) leaks.push(`commune-b ${method} ${url} → ${r.status}`);
    }
    expect(leaks).toEqual([]);
    // Province roles see both (the probes are real routes that answer when allowed).
    for (const role of ['province_admin', 'province_viewer']) {
      expect((await call('GET', `/api/stations/${outside.station}`, { token: tokenOf(user(role)) })).status, role).toBe(200);
      expect((await call('GET', `/api/cameras/${outside.camera}/snapshots/latest`, { token: tokenOf(user(role)) })).status, role).toBe(200);
    }
  });
});
