import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory, ProgrammeReport } from '@camwatch/config';
import { importInventory } from '../src/inventory/inventory-import.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { FIXTURE } from './api-support/fixture-inventory.ts';

/**
 * Unit lineage (issue 14 item 5): the fixture's three-tier province (P → D1 {C1, C2}, D2 {C3})
 * becomes two-tier on 1 July 2025: districts abolished, C1 and C2 merged into the new commune X1,
 * C3 directly under P. June 2025 was lived before the merge: ST-C1-A's cameras ok all month,
 * ST-C2-A's camera 1 down for 6 days. After the merge, X1's June must hold C1's and C2's history,
 * once, and the province's figures must not change.
 */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);
const JUNE = 'period=month&date=2025-06-15';
const JULY = 'period=month&date=2025-07-15';

const TWO_TIER: Inventory = {
  ...FIXTURE,
  units: [
    { id: 'P', name: 'Tỉnh Thử', kind: 'province', parentId: null },
    {
      id: 'X1',
      name: 'Xã Mỹ Lộc Mới',
      kind: 'commune',
      parentId: 'P',
      lineage: [
        { relation: 'merged_from', unitId: 'C1', at: '2025-07-01' },
        { relation: 'merged_from', unitId: 'C2', at: '2025-07-01' },
      ],
    },
    { id: 'C3', name: 'Thị trấn Cần Giuộc', kind: 'township', parentId: 'P' },
  ],
  stations: FIXTURE.stations.map((s) => (s.unitId === 'C3' ? s : { ...s, unitId: 'X1' })),
};

describe('unit lineage: merged communes roll up into their successor', () => {
  let h: Harness;
  const programme = async (query: string) => {
    const res = await h.request('GET', `/api/reports/programme?${query}`, { user: 'admin' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ProgrammeReport;
  };
  const availability = (r: ProgrammeReport) => Object.fromEntries(r.units.map((u) => [u.unitId, u.availabilityPct]));

  beforeAll(async () => {
    h = await startHarness();
    const q = (sql: string, params: unknown[]) => h.db.query(sql, params);
    for (const station of ['ST-C1-A', 'ST-C2-A'])
      await q(`INSERT INTO station_status_intervals (station_id, status, started_at) VALUES ($1, 'online', $2)`, [
        station,
        at('2025-06-01 00:00'),
      ]);
    const interval = (cam: string, status: string, from: string, to: string | null) =>
      q(
        `INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [cam, cam.slice(0, 7), status, status === 'down' ? 'unreachable' : null, at(from), to === null ? null : at(to)],
      );
    for (const cam of ['ST-C1-A-1', 'ST-C1-A-2', 'ST-C2-A-2']) await interval(cam, 'ok', '2025-06-01 00:00', null);
    await interval('ST-C2-A-1', 'down', '2025-06-01 00:00', '2025-06-07 00:00');
    await interval('ST-C2-A-1', 'ok', '2025-06-07 00:00', null);
  });
  afterAll(() => h?.close());

  it('reports June on the three-tier tree before the merge', async () => {
    const june = await programme(JUNE);
    expect(june.units.map((u) => u.unitId)).toEqual(['P', 'D2', 'C3', 'D1', 'C1', 'C2']);
    // 6 of 60 camera-days down in C2; C3's station was never heard (no data, not down).
    expect(availability(june)).toEqual({ P: 95, D2: null, C3: null, D1: 95, C1: 100, C2: 90 });
  });

  it('after importing the two-tier inventory, X1 holds C1 and C2 history once, and the province is unchanged', async () => {
    await importInventory(h.db, TWO_TIER, at('2025-07-01 00:00'));
    const june = await programme(JUNE);
    expect(june.units.map((u) => [u.unitId, u.depth])).toEqual([
      ['P', 0],
      ['C3', 1],
      ['X1', 1],
    ]);
    expect(availability(june)).toEqual({ P: 95, C3: null, X1: 95 });
    expect(june.units.find((u) => u.unitId === 'P')).toMatchObject({ unitsWithStations: 2, leafUnits: 2, stations: 4, cameras: 8 });
    // After the merge date the repaired camera is ok: all of July is usable.
    expect(availability(await programme(JULY))).toEqual({ P: 100, C3: null, X1: 100 });
    // The uptime breakdown walks the same tree.
    const units = (await h.request('GET', '/api/reports/units/P?period=month&month=2025-06', { user: 'admin' })).json() as {
      children: { unitId: string; availabilityPct: number | null }[];
    };
    expect(units.children.find((c) => c.unitId === 'X1')?.availabilityPct).toBe(95);
  });

  it('keeps the lineage in the inventory export', async () => {
    const res = await h.request('GET', '/api/inventory?format=json', { user: 'admin' });
    expect(res.statusCode, res.body).toBe(200);
    const inv = res.json() as Inventory;
    expect(inv.units.find((u) => u.id === 'X1')?.lineage).toEqual(TWO_TIER.units[1]!.lineage);
  });
});
