import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivateCameraPositions } from '@camwatch/config';
import { ALL } from '../src/auth/scope.ts';
import { PrivateCameraRepository } from '../src/private-cameras/private-camera-repository.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { HOUSE } from './api-support/private-camera-fixture.ts';

/**
 * The map layer's positions (issue 16 item 6) on a real PostgreSQL: only the caller's area,
 * position and owner kind and nothing of the owner, a limit that says what it cut (total and
 * truncated), the bbox, and no audit entry (nothing personal was handed out).
 */
describe('private camera positions for the map', () => {
  let h: Harness;
  const repo = new PrivateCameraRepository();
  const positions = async (query: string, user = 'commune1') => {
    const r = await h.request('GET', `/api/private-cameras/positions${query}`, { user });
    expect(r.statusCode, r.body).toBe(200);
    return { body: r.json() as PrivateCameraPositions, raw: r.body };
  };

  beforeAll(async () => {
    h = await startHarness();
    const at = Date.parse('2026-12-01T03:00:00Z');
    await repo.insert(h.db, HOUSE, 'admin', at);
    await repo.insert(h.db, { ...HOUSE, ownerKind: 'business', lat: 10.612, lon: 106.602 }, 'admin', at);
    await repo.insert(h.db, { ...HOUSE, ownerKind: 'agency', lat: 10.613, lon: 106.603 }, 'admin', at);
    await repo.insert(h.db, { ...HOUSE, unitId: 'C3', lat: 10.641, lon: 106.631 }, 'admin', at);
  });
  afterAll(() => h?.close());

  it('answers the positions and owner kinds of the caller’s area, and nothing of the owners', async () => {
    const { body, raw } = await positions('');
    expect(body).toEqual({ lat: [10.611, 10.612, 10.613], lon: [106.601, 106.602, 106.603], kind: [0, 1, 2], total: 3, truncated: false });
    for (const personal of [HOUSE.owner.name, HOUSE.owner.phone, HOUSE.owner.address, HOUSE.recorder!.brand!])
      expect(raw).not.toContain(personal);
    expect((await positions('', 'admin')).body.total).toBe(4);
  });

  it('says how many it left out when the limit cuts, keeping the same cameras call after call', async () => {
    const cut = (await positions('?limit=2')).body;
    expect(cut).toMatchObject({ lat: [10.611, 10.612], total: 3, truncated: true });
    expect((await positions('?limit=2')).body).toEqual(cut);
    expect((await positions('?limit=3')).body.truncated).toBe(false);
    const repoCut = await repo.positions(h.db, ALL, { limit: 1 });
    expect(repoCut.rows).toHaveLength(1);
    expect(repoCut.total).toBe(4);
  });

  it('filters by bbox and by unit, and refuses a bbox whose corners are swapped', async () => {
    expect((await positions('?bbox=106.6015,10.6115,106.61,10.62')).body).toMatchObject({ lat: [10.612, 10.613], total: 2 });
    expect((await positions('?unitId=C3', 'admin')).body).toMatchObject({ lat: [10.641], total: 1, truncated: false });
    expect((await positions('?bbox=106.7,10.7,106.8,10.8')).body).toEqual({ lat: [], lon: [], kind: [], total: 0, truncated: false });
    const swapped = await h.request('GET', '/api/private-cameras/positions?bbox=106.61,10.62,106.6,10.6', { user: 'commune1' });
    expect(swapped.statusCode).toBe(400);
  });

  it('writes no audit entry: no personal data was handed out', async () => {
    const before = await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);
    await positions('');
    const after = await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});
