import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL } from '../src/auth/scope.ts';
import { PrivateCameraRepository } from '../src/private-cameras/private-camera-repository.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { HOUSE } from './api-support/private-camera-fixture.ts';

/** The `private_cameras` table on a real PostgreSQL: round trip, area scope, bbox, the table's own checks. */
describe('private camera repository (PostgreSQL)', () => {
  let h: Harness;
  const repo = new PrivateCameraRepository();
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('stores what was entered and reads it back with the unit name', async () => {
    const id = await repo.insert(h.db, HOUSE, 'commune1', Date.parse('2026-12-01T03:00:00Z'));
    const row = await repo.get(h.db, id, ALL);
    expect(row).toMatchObject({
      unit_id: 'C1',
      unit_name: 'Xã Mỹ Lộc',
      owner_name: 'Nguyễn Văn An',
      bearing_deg: 90,
      recorder_kind: 'dvr',
      recording_days: 14,
      consent_date: '2026-11-20',
      consent_scope: 'footage_contact',
      registered_by: 'commune1',
    });
    expect(row!.registered_at.toISOString()).toBe('2026-12-01T03:00:00.000Z');
  });

  it('keeps a camera outside the scope and the bbox out of the list', async () => {
    const c2 = await repo.insert(h.db, { ...HOUSE, unitId: 'C2', lat: 10.631, lon: 106.621 }, 'admin', Date.now());
    const inC1 = await repo.list(h.db, { all: false, units: new Set(['C1']) }, { limit: 100 });
    expect(inC1.map((r) => r.unit_id)).not.toContain('C2');
    expect(await repo.get(h.db, c2, { all: false, units: new Set(['C1']) })).toBeNull();
    const box = await repo.list(h.db, ALL, { bbox: [106.62, 10.63, 106.625, 10.635], limit: 100 });
    expect(box.map((r) => r.id)).toEqual([c2]);
  });

  it('refuses a view the shared rule cannot mean (range over 2 km, field of view 0) and a recorder brand without a recorder', async () => {
    await expect(repo.insert(h.db, { ...HOUSE, rangeM: 5000 }, 'admin', Date.now())).rejects.toThrow(/check/i);
    await expect(repo.insert(h.db, { ...HOUSE, fovDeg: 0 }, 'admin', Date.now())).rejects.toThrow(/check/i);
    await expect(
      h.db.query(
        `INSERT INTO private_cameras (unit_id, owner_kind, owner_name, owner_phone, address, lat, lon, bearing_deg, fov_deg, range_m,
           faces_street, recorder_brand, consent_date, consent_scope, registered_by, registered_at, updated_at)
         VALUES ('C1', 'household', 'x', '1234', 'a', 10, 106, 0, 90, 20, true, 'Dahua', '2026-01-01', 'listed', 'admin', now(), now())`,
      ),
    ).rejects.toThrow(/check/i);
  });

  it('erases a row for good', async () => {
    const id = await repo.insert(h.db, HOUSE, 'admin', Date.now());
    expect(await repo.delete(h.db, id)).toBe(true);
    const left = await h.db.query(`SELECT count(*)::int AS n FROM private_cameras WHERE id = $1`, [id]);
    expect(left.rows[0]).toEqual({ n: 0 });
  });
});
