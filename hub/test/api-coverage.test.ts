import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoadCoverageReport, UnitRoadCoverage } from '@camwatch/config';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { writeCoverageGeo } from './api-support/coverage-geo.ts';
import { CoverageService } from '../src/coverage/coverage-service.ts';
import { CoverageRepository } from '../src/coverage/coverage-repository.ts';
import { databaseSources } from '../src/coverage/coverage-sources.ts';
import { GeoFiles } from '../src/map/geo-files.ts';
import { UnitRepository } from '../src/fleet/unit-repository.ts';
import { ALL } from '../src/auth/scope.ts';
import type { Principal } from '../src/auth/auth-service.ts';

/**
 * Road coverage on real PostgreSQL (issue 16 item 2). QL1 is 1,105.7 m long (0.01° of latitude)
 * and passes through ST-C1-A at 552.9 m; 50 m stretches have midpoints at 25, 75, … m, so exactly
 * two (midpoints 525 and 575 m, 27.9 and 22.1 m from the station) lie within the cameras' 50 m:
 * the south one seen by ST-C1-A-2 (facing 180°), the north one by ST-C1-A-1 (facing 0°). Only
 * ST-C1-A-1 is working (ok, station online); ST-C1-A-2 is down.
 */
describe('API: road coverage (per road, per unit, scoped)', () => {
  let h: Harness;
  let geoDir: string;
  beforeAll(async () => {
    geoDir = await writeCoverageGeo(await mkdtemp(join(tmpdir(), 'camwatch-geo-')));
    h = await startHarness({ config: { geoDir } });
    await h.db.query(
      `INSERT INTO station_liveness (station_id, state, boot_id, connection_id, last_seen_at, changed_at) VALUES ('ST-C1-A', 'online', 'boot-0001', 1, now(), now())`,
    );
    for (const [cam, status] of [
      ['ST-C1-A-1', 'ok'],
      ['ST-C1-A-2', 'down'],
    ])
      await h.db.query(
        `INSERT INTO camera_status_intervals (camera_id, station_id, status, started_at) VALUES ($1, 'ST-C1-A', $2, now())`,
        [cam, status],
      );
  });
  afterAll(async () => {
    await h?.close();
    await rm(geoDir, { recursive: true, force: true });
  });

  const roads = async (user: string, query = '') => {
    const res = await h.request('GET', `/api/coverage/roads${query}`, { user });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as RoadCoverageReport;
  };

  it('measures each road: length, km seen by working programme cameras, by any camera, gaps longest first', async () => {
    const r = await roads('admin');
    expect(r).toMatchObject({ unitId: null, segmentM: 50, programmeCameras: 8, privateCameras: 0 });
    expect(r.roads.map((x) => x.id)).toEqual(['QL1', 'Đường xã@C3']);
    const ql1 = r.roads[0]!;
    expect([ql1.kind, ql1.lengthKm, ql1.workingKm, ql1.anyKm]).toEqual(['main', 1.106, 0.05, 0.1]);
    expect(ql1.gaps.map((g) => [g.fromKm, g.toKm, g.lengthKm])).toEqual([
      [0.6, 1.106, 0.506],
      [0, 0.5, 0.5],
    ]);
    expect(ql1.stretches.map((s) => [s.class, s.fromKm, s.toKm])).toEqual([
      ['none', 0, 0.5],
      ['any', 0.5, 0.55],
      ['working', 0.55, 0.6],
      ['none', 0.6, 1.106],
    ]);
    // The working stretch is drawn where it lies: just north of the station.
    const working = ql1.stretches[2]!.path;
    expect(working[0]![1]).toBeGreaterThan(10.6099);
    expect(working.at(-1)![1]).toBeLessThan(10.6106);
    const local = r.roads[1]!;
    expect([local.kind, local.workingKm, local.anyKm, local.gaps.length]).toEqual(['local', 0, 0, 1]);
    expect(local.lengthKm).toBeCloseTo(1.094, 2); // 0.01° of longitude at 10.64° N
  });

  it("cuts roads to the caller's area by the unit outlines (or the road's own unit) and refuses units outside it", async () => {
    const c1 = (await roads('commune1')).roads;
    expect(c1.map((x) => [x.id, x.lengthKm, x.workingKm, x.anyKm])).toEqual([['QL1', 0.55, 0, 0.05]]);
    const c2 = (await roads('tech2')).roads;
    expect(c2.map((x) => [x.id, x.lengthKm, x.workingKm, x.anyKm])).toEqual([['QL1', 0.556, 0.05, 0.05]]);
    expect((await roads('commune3')).roads.map((x) => x.id)).toEqual(['Đường xã@C3']);
    expect((await roads('district1')).roads.map((x) => [x.id, x.lengthKm])).toEqual([['QL1', 1.106]]);
    expect((await roads('admin', '?unitId=C2')).roads.map((x) => [x.id, x.lengthKm])).toEqual([['QL1', 0.556]]);
    expect((await h.request('GET', '/api/coverage/roads?unitId=C3', { user: 'commune1' })).statusCode).toBe(404);
    expect((await h.request('GET', '/api/coverage/roads?unitId=NOPE', { user: 'admin' })).statusCode).toBe(404);
    expect((await h.request('GET', '/api/coverage/roads?unitId=bad%20id', { user: 'admin' })).statusCode).toBe(400);
    expect((await h.request('GET', '/api/coverage/roads')).statusCode).toBe(401);
  });

  it('gives each leaf unit its share of road length seen by working programme cameras', async () => {
    const res = await h.request('GET', '/api/coverage/units', { user: 'viewer' });
    expect(res.statusCode).toBe(200);
    const byUnit = Object.fromEntries((res.json() as UnitRoadCoverage[]).map((u) => [u.unitId, [u.roadKm, u.workingKm, u.workingPct]]));
    expect(byUnit).toEqual({ C1: [0.55, 0, 0], C2: [0.556, 0.05, 9], C3: [1.094, 0, 0] });
  });

  it('counts private camera views as "any camera", never as working, through CoverageSources.privateViews', async () => {
    const units = new UnitRepository(h.db);
    // A private camera at the road's south end, facing north up it with a 100 m range.
    const privateView = { lat: 10.605, lon: 106.6, bearingDeg: 0, fovDeg: 60, rangeM: 100 };
    let askedFor: unknown = null;
    const service = new CoverageService(
      new GeoFiles(geoDir),
      databaseSources(new CoverageRepository(h.db), async (area) => {
        askedFor = area;
        return [privateView];
      }),
      units,
    );
    const admin = { scope: ALL } as Principal;
    const r = await service.roads(admin, undefined);
    if ('refused' in r) throw new Error('refused');
    const ql1 = r.roads.find((x) => x.id === 'QL1')!;
    expect(askedFor).toEqual(ALL);
    expect(r.privateCameras).toBe(1);
    expect([ql1.workingKm, ql1.anyKm]).toEqual([0.05, 0.2]);
    expect(ql1.stretches[0]).toMatchObject({ class: 'any', fromKm: 0, toKm: 0.1 });
  });

  it('reads the register: a street-facing private camera adds to "any camera", one facing away does not', async () => {
    const base = { unitId: 'C1', ownerKind: 'household', owner: { name: 'Chủ nhà', phone: '0901 000 111', address: 'Ấp 1' } };
    const view = {
      lat: 10.605,
      lon: 106.6,
      bearingDeg: 0,
      fovDeg: 60,
      rangeM: 100,
      recorder: null,
      consent: { date: '2026-11-20', scope: 'listed' },
    };
    for (const facesStreet of [true, false]) {
      const res = await h.request('POST', '/api/private-cameras', { user: 'admin', body: { ...base, ...view, facesStreet } });
      expect(res.statusCode, res.body).toBe(200);
    }
    // A fresh service: the hub's own caches the province figure for a minute.
    const service = new CoverageService(new GeoFiles(geoDir), databaseSources(new CoverageRepository(h.db)), new UnitRepository(h.db));
    const r = await service.roads({ scope: ALL } as Principal, undefined);
    if ('refused' in r) throw new Error('refused');
    expect(r.privateCameras).toBe(1);
    const ql1 = r.roads.find((x) => x.id === 'QL1')!;
    expect([ql1.workingKm, ql1.anyKm]).toEqual([0.05, 0.2]);
  });
});
