import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@camwatch/config';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { seedStatus } from './api-support/seed-status.ts';

interface Route {
  method: string;
  path: string;
}

/** Routes that would end the fuzzer's own session or never answer (an event stream). */
const SKIP = new Set(['POST /api/auth/logout', 'GET /api/live']);

const segment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    'ST-C1-A',
    'ST-C1-A-1',
    '1',
    '0',
    '-1',
    '99999999999999999999',
    '..',
    '%00',
    'C1',
    '00000000-0000-0000-0000-000000000000',
    'camera_down',
  ),
);
const query = fc.dictionary(
  fc.constantFrom(
    'limit',
    'state',
    'range',
    'from',
    'to',
    'period',
    'date',
    'month',
    'groupBy',
    'unitId',
    'stationId',
    'cameraId',
    'format',
    'entity',
    'lang',
    'activeAt',
    'before',
    'action',
    'mine',
    'overdue',
    fc.string({ maxLength: 8 }).toString(),
  ),
  fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.integer().map(String),
    fc.constantFrom('day', 'week', 'custom', '2025-02-30', 'csv', 'all', '24h'),
  ),
  { maxKeys: 4 },
);
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      username: fc.jsonValue(),
      password: fc.jsonValue(),
      unitId: fc.jsonValue(),
      comment: fc.jsonValue(),
      format: fc.constantFrom('yaml', 'csv', 1),
    },
    { requiredKeys: [] },
  ),
);

describe('bad input on every route: 4xx with a registry code and a message, never 5xx', () => {
  let h: Harness;
  let routes: Route[] = [];
  beforeAll(async () => {
    h = await startHarness({ liveFeedPollMs: null });
    await seedStatus(h.db, h.deps.snapshots);
    const doc = (await h.request('GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })))
      .filter((r) => !SKIP.has(`${r.method} ${r.path.replace(/\/$/, '')}`) && !r.path.startsWith('/api/docs'));
  });
  afterAll(() => h?.close());

  it('covers the whole API, and every route is in the endpoint reference', async () => {
    expect(routes.length).toBeGreaterThan(55);
    const reference = await readFile(new URL('../../config/src/api/README-hub-api.md', import.meta.url), 'utf8');
    for (const r of [...routes, { method: 'GET', path: '/api/live' }])
      expect(reference, `${r.method} ${r.path}`).toContain(`| ${r.method} | \`${r.path.replace(/\/$/, '')}\` |`);
  });

  it(
    'answers generated requests (as admin and anonymously) with < 500, and every error with a registered code',
    { timeout: 240_000 },
    async () => {
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 10_000 }),
          fc.array(segment, { minLength: 3, maxLength: 3 }),
          query,
          body,
          fc.boolean(),
          fc.boolean(),
          async (pick, segs, q, b, signedIn, rawText) => {
            const r = routes[pick % routes.length]!;
            let i = 0;
            const url =
              r.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(segs[i++ % segs.length]!)) +
              (Object.keys(q).length ? `?${new URLSearchParams(q).toString()}` : '');
            const hasBody = !['GET', 'DELETE'].includes(r.method);
            // A request that never answers is a failure too, named by its route.
            let timer: NodeJS.Timeout | undefined;
            const hang = new Promise<never>((_r, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer: ${r.method} ${url}`)), 10_000);
            });
            const res = await Promise.race([
              hang,
              h.app.inject({
                method: r.method as 'GET',
                url,
                headers: {
                  ...(signedIn ? { authorization: `Bearer ${h.tokens.admin}` } : {}),
                  ...(hasBody ? { 'content-type': 'application/json' } : {}),
                },
                ...(hasBody ? { payload: rawText ? String(JSON.stringify(b)).slice(0, -1) : JSON.stringify(b) } : {}),
              }),
            ]).finally(() => clearTimeout(timer));
            seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);

            if (res.statusCode >= 500) throw new Error(`${r.method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
            if (res.statusCode >= 400 && res.statusCode !== 414) {
              const e = res.json() as { code: keyof typeof ERROR_CODES; message: string };
              expect(Object.keys(ERROR_CODES)).toContain(e.code);
              expect(e.message.length).toBeGreaterThan(0);
            }
          },
        ),
        { numRuns: 1200, seed: 20261122 },
      );
      // The generator must actually reach past validation sometimes, or it proves little.
      expect([...seen.keys()].some((s) => s < 300)).toBe(true);
      expect((seen.get(400) ?? 0) + (seen.get(404) ?? 0)).toBeGreaterThan(300);
    },
  );

  it('never leaks internals on a 5xx', async () => {
    // A broken database connection mid-request is the realistic 5xx: simulate with a query on a dropped table.
    await h.db.query('ALTER TABLE road_signs RENAME TO road_signs_gone');
    try {
      const res = await h.request('GET', '/api/map', { user: 'admin' });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ code: 'CW_ERR_INTERNAL', message: 'Internal error' });
      expect(res.body).not.toMatch(/road_signs|relation|SELECT|at \w+ \(/);
    } finally {
      await h.db.query('ALTER TABLE road_signs_gone RENAME TO road_signs');
    }
  });
});
