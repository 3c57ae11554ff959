import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory, ProgrammeGroupRow, ProgrammeReport, ProgrammeUnitRow } from '@camwatch/config';
import { importInventory } from '../src/inventory/inventory-import.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { FIXTURE } from './api-support/fixture-inventory.ts';
import { COVERAGE_ROADS, QL1_LINE, writeCoverageGeo } from './api-support/coverage-geo.ts';

/**
 * Issue 14 item 5, the programme's own report, on real PostgreSQL. The fixture province (P → D1
 * {C1, C2}, D2 {C3}) gets an empty border commune C4 under D2, and June 2025 is written by hand:
 * every station online and every camera ok all month, except camera ST-C3-A-1 down for the first
 * three days; ST-C2-A is dark now; one camera added and one retired in June; three work orders.
 */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`).toISOString();
const H = 3_600_000;
const JUNE = 'period=month&date=2025-06-17';

describe('API: the programme report (units at any depth, roads, border units)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    const q = (sql: string, params: unknown[] = []) => h.db.query(sql, params);
    await q(`INSERT INTO units (id, name, kind, parent_id, border) VALUES ('C4', 'Xã Biên Giới', 'commune', 'D2', true)`);
    await q(`UPDATE units SET border = true WHERE id = 'C3'`);
    await q(
      `UPDATE stations SET road = CASE id WHEN 'ST-C1-B' THEN NULL WHEN 'ST-C2-A' THEN 'QL 50' WHEN 'ST-C3-A' THEN 'Quốc lộ 62' ELSE road END`,
    );
    await q(`UPDATE cameras SET added_at = $1 WHERE id = 'ST-C1-A-2'`, [at('2025-06-10 09:00')]);
    await q(`UPDATE cameras SET retired_at = $1 WHERE id = 'ST-C1-B-2'`, [at('2025-06-15 00:00')]);
    for (const [station, state] of [
      ['ST-C1-A', 'online'],
      ['ST-C1-B', 'online'],
      ['ST-C2-A', 'offline'],
      ['ST-C3-A', 'online'],
    ] as const) {
      await q(
        `INSERT INTO station_liveness (station_id, state, boot_id, connection_id, last_seen_at, changed_at) VALUES ($1, $2, 'boot-0001', 1, now(), $3)`,
        [station, state, at('2025-07-01 00:00')],
      );
      const dark = state === 'offline';
      await q(`INSERT INTO station_status_intervals (station_id, status, started_at, ended_at) VALUES ($1, 'online', $2, $3)`, [
        station,
        at('2025-06-01 00:00'),
        dark ? at('2025-07-01 00:00') : null,
      ]);
      if (dark)
        await q(`INSERT INTO station_status_intervals (station_id, status, cause, started_at) VALUES ($1, 'offline', 'last_will', $2)`, [
          station,
          at('2025-07-01 00:00'),
        ]);
    }
    const interval = (cam: string, status: string, from: string, to: string | null) =>
      q(
        `INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [cam, cam.slice(0, 7), status, status === 'down' ? 'unreachable' : null, at(from), to === null ? null : at(to)],
      );
    for (const cam of ['ST-C1-A-1', 'ST-C1-A-2', 'ST-C1-B-1', 'ST-C2-A-1', 'ST-C2-A-2', 'ST-C3-A-2'])
      await interval(cam, 'ok', '2025-06-01 00:00', null);
    await interval('ST-C1-B-2', 'ok', '2025-06-01 00:00', '2025-06-15 00:00');
    await interval('ST-C3-A-1', 'down', '2025-06-01 00:00', '2025-06-04 00:00');
    await interval('ST-C3-A-1', 'ok', '2025-06-04 00:00', null);
    const order = (
      station: string,
      camera: string | null,
      state: string,
      opened: string,
      repaired: string | null,
      verified: string | null,
    ) =>
      q(
        `INSERT INTO work_orders (fault_key, station_id, camera_id, source, state, priority, payer, opened_at, updated_at, repaired_at, verified_at, due_at)
         VALUES ($1, $2, $3, 'manual', $4, 'normal', 'community', $5, $5, $6, $7, $5::timestamptz + interval '7 days')`,
        [
          camera ? `camera:${camera}` : `station:${station}`,
          station,
          camera,
          state,
          at(opened),
          repaired && at(repaired),
          verified && at(verified),
        ],
      );
    await order('ST-C3-A', 'ST-C3-A-1', 'verified', '2025-06-01 00:00', '2025-06-04 00:00', '2025-06-05 00:00'); // 72 h
    await order('ST-C2-A', null, 'new', '2025-06-20 00:00', null, null);
    await order('ST-C1-A', 'ST-C1-A-2', 'verified', '2025-05-20 00:00', '2025-05-21 00:00', '2025-06-02 00:00'); // 24 h, opened in May
  });
  afterAll(() => h?.close());

  const get = async (url: string, user: string) => {
    const res = await h.request('GET', url, { user });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ProgrammeReport;
  };
  const unit = (r: ProgrammeReport, id: string) => r.units.find((u) => u.unitId === id) as ProgrammeUnitRow;
  const road = (r: ProgrammeReport, key: string) => r.roads.find((g) => g.key === key) as ProgrammeGroupRow;

  it('counts the province and every unit below it, depth first, with exact figures for June', async () => {
    const r = await get(`/api/reports/programme?${JUNE}`, 'viewer');
    expect([r.period, r.from, r.to, r.unitId]).toEqual(['month', '2025-06-01', '2025-06-30', 'P']);
    expect(r.units.map((u) => [u.unitId, u.depth])).toEqual([
      ['P', 0],
      ['D2', 1],
      ['C3', 2],
      ['C4', 2],
      ['D1', 1],
      ['C1', 2],
      ['C2', 2],
    ]);
    const p = unit(r, 'P');
    expect([p.unitsWithStations, p.leafUnits, p.stations, p.cameras, p.camerasWorking]).toEqual([3, 4, 4, 7, 5]);
    expect([p.camerasAdded, p.camerasRetired, p.ordersOpened, p.ordersClosed, p.mttrMs]).toEqual([1, 1, 2, 2, 48 * H]);
    const d2 = unit(r, 'D2');
    expect([d2.unitsWithStations, d2.leafUnits, d2.stations, d2.cameras, d2.camerasWorking]).toEqual([1, 2, 1, 2, 2]);
    // 3 of 60 camera-days down: 95 %, and the same while reachable (the station was there).
    expect(d2.availabilityPct).toBeCloseTo(95, 6);
    expect(d2.uptimePct).toBeCloseTo(95, 6);
    expect(unit(r, 'C3').mttrMs).toBe(72 * H);
    expect(unit(r, 'C4')).toMatchObject({
      unitsWithStations: 0,
      leafUnits: 1,
      stations: 0,
      cameras: 0,
      availabilityPct: null,
      border: true,
    });
    const c1 = unit(r, 'C1');
    expect([c1.stations, c1.cameras, c1.camerasWorking, c1.camerasAdded, c1.camerasRetired, c1.ordersOpened, c1.ordersClosed]).toEqual([
      2, 3, 3, 1, 1, 0, 1,
    ]);
    expect(c1.availabilityPct).toBe(100);
    // ST-C2-A went dark on 1 July: June is whole, but none of its cameras work now.
    expect(unit(r, 'C2')).toMatchObject({
      cameras: 2,
      camerasWorking: 0,
      availabilityPct: 100,
      ordersOpened: 1,
      ordersClosed: 0,
      mttrMs: null,
    });
    // Camera-days: 7 cameras all June, the retired one until the 15th; 3 of them down.
    expect(p.availabilityPct).toBeCloseTo(((7 * 30 + 14 - 3) / (7 * 30 + 14)) * 100, 6);
  });

  it('gives the priority roads (through the road matcher: this hub has no map geometry) and the border units', async () => {
    const r = await get(`/api/reports/programme?${JUNE}`, 'viewer');
    expect(r.roads.map((g) => g.matchedBy)).toEqual(['road_text', 'road_text', 'road_text', 'road_text']);
    expect(r.roads.map((g) => [g.key, g.stations, g.cameras])).toEqual([
      ['QL1', 1, 2],
      ['N2', 0, 0],
      ['QL50', 1, 2],
      ['QL62', 1, 2],
    ]);
    expect(road(r, 'QL1')).toMatchObject({ camerasAdded: 1, ordersOpened: 0, ordersClosed: 1, mttrMs: 24 * H, availabilityPct: 100 });
    expect(road(r, 'QL62').availabilityPct).toBeCloseTo(95, 6);
    expect(road(r, 'N2').availabilityPct).toBeNull();
    expect(r.border).toMatchObject({
      unitsWithStations: 1,
      leafUnits: 2,
      stations: 1,
      cameras: 2,
      ordersOpened: 1,
      ordersClosed: 1,
      mttrMs: 72 * H,
    });
    expect(r.border.availabilityPct).toBeCloseTo(95, 6);
  });

  it('takes the quarter and the year that hold the date', async () => {
    const quarter = await get('/api/reports/programme?period=quarter&date=2025-05-15', 'viewer');
    expect([quarter.from, quarter.to]).toEqual(['2025-04-01', '2025-06-30']);
    expect(unit(quarter, 'P').ordersOpened).toBe(3);
    const year = await get('/api/reports/programme?period=year&date=2025-12-31', 'viewer');
    expect([year.from, year.to]).toEqual(['2025-01-01', '2025-12-31']);
    expect(unit(year, 'P').camerasAdded).toBe(1);
    const july = await get('/api/reports/programme?period=month&date=2025-07-01', 'viewer');
    expect(unit(july, 'P')).toMatchObject({ camerasAdded: 0, camerasRetired: 0, ordersOpened: 0 });
  });

  it('is scoped to the caller: the top of their area, 404 outside it', async () => {
    const district = await get(`/api/reports/programme?${JUNE}`, 'district1');
    expect(district.units.map((u) => u.unitId)).toEqual(['D1', 'C1', 'C2']);
    expect(district.roads.map((g) => g.stations)).toEqual([1, 0, 1, 0]);
    expect(district.border.stations).toBe(0);
    const commune = await get(`/api/reports/programme?${JUNE}`, 'commune1');
    expect(commune.units.map((u) => [u.unitId, u.unitsWithStations, u.leafUnits])).toEqual([['C1', 1, 1]]);
    expect((await get(`/api/reports/programme?${JUNE}&unitId=D2`, 'admin')).units.map((u) => u.unitId)).toEqual(['D2', 'C3', 'C4']);
    expect((await h.request('GET', `/api/reports/programme?${JUNE}&unitId=D1`, { user: 'commune1' })).statusCode).toBe(404);
    expect((await h.request('GET', `/api/reports/programme.csv?${JUNE}&unitId=C1`, { user: 'commune3' })).statusCode).toBe(404);
    expect((await h.request('GET', `/api/reports/programme?${JUNE}&unitId=NOPE`, { user: 'admin' })).statusCode).toBe(404);
    expect((await h.request('GET', `/api/reports/programme?${JUNE}`)).statusCode).toBe(401);
  });

  it('rejects bad periods and dates with a 400', async () => {
    for (const query of [
      'period=month&date=2025-02-30',
      'period=month&date=2025-6-1',
      'period=week&date=2025-06-01',
      'period=month',
      'date=2025-06-01',
    ]) {
      const res = await h.request('GET', `/api/reports/programme?${query}`, { user: 'admin' });
      expect(res.statusCode, query).toBe(400);
    }
    expect((await h.request('GET', '/api/reports/programme?period=month&date=2025-02-30', { user: 'admin' })).json().message).toMatch(
      /not a calendar date/,
    );
  });

  it('exports CSV with Vietnamese headers and a printable A4 page with the unit heading', async () => {
    const csv = await h.request('GET', `/api/reports/programme.csv?${JUNE}`, { user: 'district1' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(
      /^Mục,Mã,Đơn vị \/ tuyến,Cấp,"?Xã, phường có camera \/ tổng số"?,Số trạm,Số camera,Camera đang hoạt động,Tỷ lệ sẵn sàng sử dụng/,
    );
    expect(lines[1]).toBe('Theo đơn vị hành chính,D1,Huyện Một,0,2/2,3,5,3,100.00,100.00,1,1,1,1,24.0');
    // Header, 3 units, 4 roads, the border units, then connected private cameras on a line of their own (none here).
    expect(lines).toHaveLength(1 + 3 + 4 + 1 + 1);
    expect(lines.at(-1)).toBe('Camera tư nhân kết nối,,Camera tư nhân kết nối,,,,0,0,,');
    const html = await h.request('GET', `/api/reports/programme.html?${JUNE}`, { user: 'district1' });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('HUYỆN MỘT');
    expect(html.body).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(html.body).toContain('Tháng 06/2025 (Từ ngày 01/06/2025 đến ngày 30/06/2025)');
    expect(html.body).toContain('size:A4');
    expect(html.body).not.toContain('Thị trấn Cần Giuộc');
    expect(html.body).toContain(
      '<tr data-line="connected-private"><td class="n">0</td><td class="n">0</td><td class="n">không có dữ liệu</td><td class="n">không có dữ liệu</td></tr>',
    );
  });
});

describe('API: the programme report counts cameras added when the inventory first brought them', () => {
  let h: Harness;
  beforeAll(async () => {
    // The fixture was imported on 2024-01-01 (stations installed 2024-01-15). On 20 June 2025 a
    // new station installed on 5 May arrives with its camera, and a camera is added to ST-C3-A.
    h = await startHarness();
    const later: Inventory = {
      ...FIXTURE,
      stations: [...FIXTURE.stations, { ...FIXTURE.stations[2]!, id: 'ST-C2-B', installedAt: '2025-05-05' }],
      cameras: [
        ...FIXTURE.cameras,
        { ...FIXTURE.cameras[0]!, id: 'ST-C2-B-1', stationId: 'ST-C2-B' },
        { ...FIXTURE.cameras[0]!, id: 'ST-C3-A-3', stationId: 'ST-C3-A' },
      ],
    };
    await importInventory(h.db, later, new Date(at('2025-06-20 10:00')));
    // Importing it again later changes no date.
    await importInventory(h.db, later, new Date(at('2025-07-20 10:00')));
  });
  afterAll(() => h?.close());

  it('dates a camera that came with its station at the installation, one added to a known station at the import', async () => {
    const added = async (date: string) =>
      Object.fromEntries(
        (
          (await h.request('GET', `/api/reports/programme?period=month&date=${date}`, { user: 'admin' })).json() as ProgrammeReport
        ).units.map((u) => [u.unitId, u.camerasAdded]),
      );
    expect(await added('2024-01-10')).toEqual({ P: 8, D1: 6, D2: 2, C1: 4, C2: 2, C3: 2 });
    expect(await added('2025-05-10')).toEqual({ P: 1, D1: 1, D2: 0, C1: 0, C2: 1, C3: 0 });
    expect(await added('2025-06-10')).toEqual({ P: 1, D1: 0, D2: 1, C1: 0, C2: 0, C3: 1 });
    expect(await added('2025-07-10')).toEqual({ P: 0, D1: 0, D2: 0, C1: 0, C2: 0, C3: 0 });
  });
});

describe('API: the programme report puts stations on a road by their distance to its map geometry', () => {
  // QL1's line passes through ST-C1-A (and 1.1 km from ST-C1-B); QL50's runs north–south 200 m
  // east of ST-C3-A (1.3 km from ST-C2-A). N2 and QL62 have no line. Every station's road text
  // says QL1, so the text alone would give QL1 all four stations and QL50 none.
  const QL50_LON = 106.63 + 200 / (111_320 * Math.cos((10.64 * Math.PI) / 180));
  let h: Harness;
  let geoDir: string;
  beforeAll(async () => {
    const roads = {
      ...COVERAGE_ROADS,
      features: [
        {
          type: 'Feature',
          properties: { code: 'QL1', name: 'Quốc lộ 1', kind: 'main' },
          geometry: { type: 'LineString', coordinates: QL1_LINE },
        },
        {
          type: 'Feature',
          properties: { ref: 'QL 50', name: 'Quốc lộ 50' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [QL50_LON, 10.62],
              [QL50_LON, 10.66],
            ],
          },
        },
      ],
    };
    geoDir = await writeCoverageGeo(await mkdtemp(join(tmpdir(), 'camwatch-programme-geo-')), roads);
    h = await startHarness({ config: { geoDir } });
  });
  afterAll(async () => {
    await h?.close();
    await rm(geoDir, { recursive: true, force: true });
  });

  it('counts stations within 300 m of a road with geometry, and says which roads fell back to the road text', async () => {
    const res = await h.request('GET', `/api/reports/programme?${JUNE}`, { user: 'admin' });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as ProgrammeReport;
    expect(r.roadDistanceM).toBe(300);
    expect(r.roads.map((g) => [g.key, g.matchedBy, g.stations, g.cameras])).toEqual([
      ['QL1', 'geometry', 1, 2],
      ['N2', 'road_text', 0, 0],
      ['QL50', 'geometry', 1, 2],
      ['QL62', 'road_text', 0, 0],
    ]);
    // The district of ST-C1-A sees QL1's station; the other district sees QL50's.
    const d1 = (await h.request('GET', `/api/reports/programme?${JUNE}&unitId=D1`, { user: 'admin' })).json() as ProgrammeReport;
    expect(d1.roads.map((g) => g.stations)).toEqual([1, 0, 0, 0]);
    const csv = (await h.request('GET', `/api/reports/programme.csv?${JUNE}`, { user: 'admin' })).body;
    expect(csv).toContain('Theo tuyến quốc lộ,QL1,QL1 (trạm cách tuyến ≤ 300 m),');
    expect(csv).toContain('Theo tuyến quốc lộ,N2,N2 (theo tên đường ghi ở trạm (bản đồ chưa có tuyến này)),');
    const html = (await h.request('GET', `/api/reports/programme.html?${JUNE}&lang=en`, { user: 'admin' })).body;
    expect(html).toContain('QL50 (stations within 300 m of the road)');
  });
});
