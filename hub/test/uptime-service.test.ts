import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.ts';
import { UptimeService } from '../src/uptime/uptime-service.ts';
import { dayRange, monthRange, UptimeQueryError } from '../src/uptime/uptime-range.ts';
import { pgliteTarget, postgresTarget } from './support/databases.ts';

const H = 3_600_000;
/** Local wall-clock time in Asia/Ho_Chi_Minh. */
const at = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+07:00`);
const ts = (local: string | null) => (local === null ? null : new Date(at(local)).toISOString());
const D10 = dayRange('2025-03-10');

/** A small world for one scenario; each scenario uses its own ids so they never see each other. */
interface World {
  units?: [id: string, parent: string | null][];
  stations?: [id: string, unit: string, installedOn?: string][];
  cameras?: [id: string, station: string, retiredAt?: string][];
  history?: [station: string, unit: string, from: string, to: string | null][];
  intervals?: [camera: string, status: string, start: string, end: string | null, cause?: string][];
  stationIntervals?: [station: string, status: string, start: string, end: string | null][];
  maintenance?: [scope: { station?: string; unit?: string }, start: string, end: string][];
}

async function seed(db: Db, w: World): Promise<void> {
  for (const [id, parent] of w.units ?? [])
    await db.query('insert into units (id, name, kind, parent_id) values ($1, $1, $2, $3)', [id, parent ? 'commune' : 'province', parent]);
  for (const [id, unit, on] of w.stations ?? []) {
    await db.query(
      `insert into stations (id, unit_id, name, address, lat, lon, installed_at, funding) values ($1, $2, $1, 'x', 10.5, 106.4, $3, 'community')`,
      [id, unit, on ?? '2025-01-01'],
    );
  }
  const stationOf = new Map<string, string>();
  for (const [id, station, retired] of w.cameras ?? []) {
    stationOf.set(id, station);
    await db.query(
      `insert into cameras (id, station_id, make, model, bearing_deg, fov_deg, range_m, retired_at) values ($1, $2, 'Hikvision', 'DS-2CD', 0, 90, 50, $3)`,
      [id, station, ts(retired ?? null)],
    );
  }
  for (const [station, unit, from, to] of w.history ?? [])
    await db.query('insert into station_unit_history values ($1, $2, $3, $4)', [station, unit, ts(from), ts(to)]);
  for (const [camera, status, start, end, cause] of w.intervals ?? []) {
    await db.query(
      'insert into camera_status_intervals (camera_id, station_id, status, cause, started_at, ended_at) values ($1, $2, $3, $4, $5, $6)',
      [camera, stationOf.get(camera), status, cause ?? null, ts(start), ts(end)],
    );
  }
  for (const [station, status, start, end] of w.stationIntervals ?? [])
    await db.query('insert into station_status_intervals (station_id, status, started_at, ended_at) values ($1, $2, $3, $4)', [
      station,
      status,
      ts(start),
      ts(end),
    ]);
  for (const [scope, start, end] of w.maintenance ?? []) {
    await db.query(`insert into maintenance_windows (station_id, unit_id, starts_at, ends_at, reason) values ($1, $2, $3, $4, 'test')`, [
      scope.station ?? null,
      scope.unit ?? null,
      ts(start),
      ts(end),
    ]);
  }
}

for (const target of [postgresTarget(), pgliteTarget()]) {
  describe(`uptime service on ${target.name}`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await target.open();
    });
    afterAll(() => target.stop());
    const service = (now = '2025-04-15 12:00') => new UptimeService(db, { now: () => at(now) });

    it('a simple day for a camera, with outage, MTTR and MTBF', async () => {
      await seed(db, {
        units: [['A-C', null]],
        stations: [['A-S1', 'A-C']],
        cameras: [['A-S1-C1', 'A-S1']],
        intervals: [
          ['A-S1-C1', 'ok', '2025-03-09 06:00', '2025-03-10 08:00'],
          ['A-S1-C1', 'down', '2025-03-10 08:00', '2025-03-10 09:30', 'unreachable'],
          ['A-S1-C1', 'ok', '2025-03-10 09:30', null],
        ],
      });
      const r = await service().cameraUptime('A-S1-C1', D10);
      // up = 8 + 14.5 = 22.5 h; down 1.5 h; 22.5 / 24 = 93.75 %; MTTR 1.5 h; MTBF 22.5 h / 1
      expect(r).toMatchObject({
        stationId: 'A-S1',
        upMs: 22.5 * H,
        downMs: 1.5 * H,
        noDataMs: 0,
        uptimePct: 93.75,
        mttrMs: 1.5 * H,
        mtbfMs: 22.5 * H,
      });
      expect(r?.outages).toEqual([
        {
          cameraId: 'A-S1-C1',
          stationId: 'A-S1',
          startedAt: at('2025-03-10 08:00'),
          endedAt: at('2025-03-10 09:30'),
          durationMs: 1.5 * H,
          downMsInRange: 1.5 * H,
          cause: 'unreachable',
          causes: ['unreachable'],
        },
      ]);
      const st = await service().stationUptime('A-S1', D10);
      expect(st.total).toMatchObject({ cameras: 1, stations: 1, uptimePct: 93.75 });
      expect(await service().cameraUptime('NOPE', D10)).toBeNull();
    });

    it('splits an outage across local midnight (17:00 UTC) in the daily series', async () => {
      await seed(db, {
        units: [['B-C', null]],
        stations: [['B-S1', 'B-C']],
        cameras: [['B-S1-C1', 'B-S1']],
        intervals: [
          ['B-S1-C1', 'ok', '2025-03-09 00:00', '2025-03-10 22:00'],
          ['B-S1-C1', 'down', '2025-03-10 22:00', '2025-03-11 02:00', 'unreachable'], // 15:00Z → 19:00Z
          ['B-S1-C1', 'ok', '2025-03-11 02:00', null],
        ],
      });
      const s = await service().dailySeries(
        { kind: 'camera', id: 'B-S1-C1' },
        { from: at('2025-03-10 00:00'), to: at('2025-03-12 00:00') },
      );
      // 10th: down 22–24 = 2 h, up 22 h, the failure; 11th: down 00–02 = 2 h, up 22 h, repaired after 4 h
      expect(s.points.map((p) => [p.date, p.upMs / H, p.downMs / H, p.failures, p.resolvedOutages, p.mttrMs])).toEqual([
        ['2025-03-10', 22, 2, 1, 0, null],
        ['2025-03-11', 22, 2, 0, 1, 4 * H],
      ]);
      const o = await service().outages({ kind: 'camera', id: 'B-S1-C1' }, dayRange('2025-03-11'));
      expect(o.outages).toMatchObject([
        { startedAt: at('2025-03-10 22:00'), endedAt: at('2025-03-11 02:00'), durationMs: 4 * H, downMsInRange: 2 * H },
      ]);
    });

    it('counts gaps, unknown and a silent offline station as no data, not downtime', async () => {
      await seed(db, {
        units: [['C-C', null]],
        stations: [['C-S1', 'C-C']],
        cameras: [['C-S1-C1', 'C-S1']],
        intervals: [
          ['C-S1-C1', 'ok', '2025-03-10 00:00', '2025-03-10 06:00'],
          // 06–10 nothing at all
          ['C-S1-C1', 'unknown', '2025-03-10 10:00', '2025-03-10 12:00'],
          ['C-S1-C1', 'ok', '2025-03-10 12:00', '2025-03-10 15:00'],
          ['C-S1-C1', 'down', '2025-03-10 15:00', null, 'stream_failing'],
        ],
        // offline since 18:00 and still offline: nothing replayed yet
        stationIntervals: [
          ['C-S1', 'online', '2025-03-10 00:00', '2025-03-10 18:00'],
          ['C-S1', 'offline', '2025-03-10 18:00', null],
        ],
      });
      const r = await service('2025-03-10 22:00').cameraUptime('C-S1-C1', D10);
      // scope 00–22 = 22 h. up 6 + 3 = 9 h; down 15–18 = 3 h; no data 4 (gap) + 2 (unknown) + 4 (18–22) = 10 h
      // 9 / 12 = 75 %; the open down interval is not stretched into the silent 18–22 stretch
      expect(r).toMatchObject({ scopeMs: 22 * H, upMs: 9 * H, downMs: 3 * H, noDataMs: 10 * H, uptimePct: 75 });
      expect(r?.outages[0]).toMatchObject({ endedAt: null, durationMs: 3 * H });
    });

    it('excludes station and ancestor-unit maintenance, also where it overlaps an outage', async () => {
      await seed(db, {
        units: [
          ['D-P', null],
          ['D-C', 'D-P'],
        ],
        stations: [['D-S1', 'D-C']],
        cameras: [['D-S1-C1', 'D-S1']],
        intervals: [
          ['D-S1-C1', 'ok', '2025-03-10 00:00', '2025-03-10 10:00'],
          ['D-S1-C1', 'down', '2025-03-10 10:00', '2025-03-10 14:00', 'unreachable'],
          ['D-S1-C1', 'ok', '2025-03-10 14:00', null],
        ],
        // one window on the station over the outage, one on the province (an ancestor) early morning
        maintenance: [
          [{ station: 'D-S1' }, '2025-03-10 12:00', '2025-03-10 16:00'],
          [{ unit: 'D-P' }, '2025-03-10 00:00', '2025-03-10 02:00'],
        ],
      });
      const r = await service().cameraUptime('D-S1-C1', D10);
      // maintenance 00–02 + 12–16 = 6 h; down 10–12 = 2 h; up 02–10 (8 h) + 16–24 (8 h) = 16 h; 16 / 18 = 88.89 %
      expect(r).toMatchObject({ maintenanceMs: 6 * H, downMs: 2 * H, upMs: 16 * H, noDataMs: 0 });
      expect(r?.uptimePct).toBeCloseTo((16 / 18) * 100, 9);
      expect(r?.outages[0]).toMatchObject({ durationMs: 4 * H, downMsInRange: 2 * H });
    });

    it('clips an open interval at now, or at `to` when now is later', async () => {
      await seed(db, {
        units: [['E-C', null]],
        stations: [['E-S1', 'E-C']],
        cameras: [['E-S1-C1', 'E-S1']],
        intervals: [
          ['E-S1-C1', 'ok', '2025-03-01 00:00', '2025-03-10 15:00'],
          ['E-S1-C1', 'down', '2025-03-10 15:00', null, 'unreachable'],
        ],
      });
      // now 20:00: scope 00–20; up 15 h, down 5 h, 75 %
      expect(await service('2025-03-10 20:00').cameraUptime('E-S1-C1', D10)).toMatchObject({
        scopeMs: 20 * H,
        upMs: 15 * H,
        downMs: 5 * H,
        uptimePct: 75,
      });
      // now 03:00 next day: down clipped at 24:00 = 9 h; the outage has lasted 12 h so far
      const later = await service('2025-03-11 03:00').cameraUptime('E-S1-C1', D10);
      expect(later).toMatchObject({ scopeMs: 24 * H, downMs: 9 * H, failures: 1, resolvedOutages: 0, mttrMs: null });
      expect(later?.outages[0]).toMatchObject({ endedAt: null, durationMs: 12 * H, downMsInRange: 9 * H });
    });

    it('reflects replayed-late data that filled an unknown stretch, though the station was offline then', async () => {
      await seed(db, {
        units: [['F-C', null]],
        stations: [['F-S1', 'F-C']],
        cameras: [['F-S1-C1', 'F-S1']],
        intervals: [
          ['F-S1-C1', 'ok', '2025-03-10 00:00', '2025-03-10 10:00'],
          ['F-S1-C1', 'unknown', '2025-03-10 10:00', '2025-03-10 12:00'],
          ['F-S1-C1', 'ok', '2025-03-10 12:00', null],
        ],
        stationIntervals: [
          ['F-S1', 'offline', '2025-03-10 10:00', '2025-03-10 12:00'],
          ['F-S1', 'online', '2025-03-10 12:00', null],
        ],
      });
      // before the replay: 2 h no data, 22 h up, 100 %
      expect(await service().cameraUptime('F-S1-C1', D10)).toMatchObject({ noDataMs: 2 * H, upMs: 22 * H, downMs: 0, uptimePct: 100 });
      // the outbox replays 10–12: ok until 11, frozen 11–12 (what the interval builder writes on replay)
      await db.query(`delete from camera_status_intervals where camera_id = 'F-S1-C1' and status = 'unknown'`);
      await db.query(`update camera_status_intervals set ended_at = $1 where camera_id = 'F-S1-C1' and ended_at = $2`, [
        ts('2025-03-10 11:00'),
        ts('2025-03-10 10:00'),
      ]);
      await db.query(
        `insert into camera_status_intervals (camera_id, station_id, status, cause, started_at, ended_at) values ('F-S1-C1', 'F-S1', 'down', 'frozen', $1, $2)`,
        [ts('2025-03-10 11:00'), ts('2025-03-10 12:00')],
      );
      // after: up 11 + 12 = 23 h, down 1 h, no data 0: 23 / 24 = 95.83 %
      const r = await service().cameraUptime('F-S1-C1', D10);
      expect(r).toMatchObject({ noDataMs: 0, upMs: 23 * H, downMs: 1 * H });
      expect(r?.uptimePct).toBeCloseTo((23 / 24) * 100, 9);
    });

    it('counts a camera installed and retired mid-month only while it existed', async () => {
      await seed(db, {
        units: [['G-C', null]],
        stations: [['G-S1', 'G-C', '2025-03-21']],
        cameras: [['G-S1-C1', 'G-S1', '2025-03-31 12:00']],
        intervals: [['G-S1-C1', 'ok', '2025-03-21 09:00', null]],
      });
      const r = await service().cameraUptime('G-S1-C1', monthRange('2025-03'));
      // installed 21 Mar 00:00 local, retired 31 Mar 12:00: scope 10.5 days = 252 h; 00–09 on the 21st no data
      // up 252 − 9 = 243 h; the 20 days before install are neither no data nor downtime
      expect(r).toMatchObject({ scopeMs: 252 * H, noDataMs: 9 * H, upMs: 243 * H, uptimePct: 100 });
    });

    it('aggregates a district over two communes time-weighted, at any depth', async () => {
      await seed(db, {
        units: [
          ['H-P', null],
          ['H-D', 'H-P'],
          ['H-C1', 'H-D'],
          ['H-C2', 'H-D'],
        ],
        stations: [
          ['H-S1', 'H-C1'],
          ['H-S2', 'H-C2'],
        ],
        cameras: [
          ['H-S1-C1', 'H-S1'],
          ['H-S2-C1', 'H-S2'],
          ['H-S2-C2', 'H-S2'],
          ['H-S2-C3', 'H-S2'],
        ],
        intervals: [
          ['H-S1-C1', 'ok', '2025-03-10 00:00', '2025-03-10 12:00'],
          ['H-S1-C1', 'down', '2025-03-10 12:00', null],
          ['H-S2-C1', 'ok', '2025-03-10 00:00', null],
          ['H-S2-C2', 'ok', '2025-03-10 00:00', null],
          ['H-S2-C3', 'ok', '2025-03-10 00:00', '2025-03-10 18:00'],
          ['H-S2-C3', 'down', '2025-03-10 18:00', null],
        ],
      });
      const b = await service('2025-03-11 00:00').unitBreakdown('H-D', D10);
      // H-C1: 1 camera, up 12 down 12 → 50 %. H-C2: 3 cameras, up 24 + 24 + 18 = 66, down 6 → 66 / 72 = 91.67 %
      expect(b?.children.map((c) => [c.unitId, c.cameras, c.upMs / H, c.downMs / H])).toEqual([
        ['H-C1', 1, 12, 12],
        ['H-C2', 3, 66, 6],
      ]);
      expect(b?.children[0]?.uptimePct).toBe(50);
      expect(b?.children[1]?.uptimePct).toBeCloseTo((66 / 72) * 100, 9);
      // district: (12 + 66) / (24 + 72) = 78 / 96 = 81.25 %, not the mean of 50 and 91.67 (70.83 %)
      expect(b?.total).toMatchObject({ upMs: 78 * H, observedMs: 96 * H, uptimePct: 81.25, cameras: 4, stations: 2, failures: 2 });
      expect(b?.direct).toBeNull();
      // the province two levels up sees the same cameras
      expect((await service('2025-03-11 00:00').unitUptime('H-P', D10))?.total).toMatchObject({ uptimePct: 81.25, cameras: 4 });
    });

    it("counts a station moved between communes by the unit of the time, or by today's unit", async () => {
      await seed(db, {
        units: [
          ['I-D', null],
          ['I-C1', 'I-D'],
          ['I-C2', 'I-D'],
        ],
        stations: [
          ['I-S1', 'I-C2'],
          ['I-S2', 'I-C2'],
        ], // I-S1 today in I-C2; I-S2 never moved (no history rows)
        cameras: [
          ['I-S1-C1', 'I-S1'],
          ['I-S2-C1', 'I-S2'],
        ],
        history: [
          ['I-S1', 'I-C1', '2025-01-01 00:00', '2025-03-10 12:00'],
          ['I-S1', 'I-C2', '2025-03-10 12:00', null],
        ],
        intervals: [
          ['I-S1-C1', 'down', '2025-03-10 00:00', '2025-03-10 03:00'],
          ['I-S1-C1', 'ok', '2025-03-10 03:00', null],
          ['I-S2-C1', 'ok', '2025-03-09 00:00', null],
        ],
        // commune-wide maintenance in I-C1 10–14: touches I-S1 only 10–12, while it was still there
        maintenance: [[{ unit: 'I-C1' }, '2025-03-10 10:00', '2025-03-10 14:00']],
      });
      const now = service('2025-03-11 00:00');
      const hist = await now.unitBreakdown('I-D', D10, { attribution: 'historical' });
      // historical I-C1 = I-S1 00–12: down 3, maintenance 10–12 = 2, up 03–10 = 7 → 7 / 10 = 70 %
      // historical I-C2 = I-S1 12–24 (up 12) + I-S2 all day (up 24) → 36 / 36 = 100 %
      expect(hist?.children.map((c) => [c.unitId, c.cameras, c.upMs / H, c.downMs / H, c.maintenanceMs / H, c.uptimePct])).toEqual([
        ['I-C1', 1, 7, 3, 2, 70],
        ['I-C2', 2, 36, 0, 0, 100],
      ]);
      const cur = await now.unitBreakdown('I-D', D10, { attribution: 'current' });
      // current: I-C1 has nothing; I-C2 = I-S1 all day (down 3, maint 2, up 19) + I-S2 (up 24) → 43 / 46
      expect(cur?.children.map((c) => [c.unitId, c.cameras, c.upMs / H, c.downMs / H, c.maintenanceMs / H])).toEqual([
        ['I-C1', 0, 0, 0, 0],
        ['I-C2', 2, 43, 3, 2],
      ]);
      expect(cur?.children[0]?.uptimePct).toBeNull();
      // the district total is the same both ways, and the moved camera is counted once
      for (const b of [hist, cur]) expect(b?.total).toMatchObject({ upMs: 43 * H, downMs: 3 * H, cameras: 2, stations: 2 });
      expect((await now.outages({ kind: 'unit', id: 'I-D' }, D10)).outages).toHaveLength(1);
      expect((await now.unitUptime('I-C1', D10, { attribution: 'current' }))?.total.cameras).toBe(0);
    });

    it('lists an outage that spans a move once, and gives its failure and repair to the unit of the time', async () => {
      await seed(db, {
        units: [
          ['J-D', null],
          ['J-C1', 'J-D'],
          ['J-C2', 'J-D'],
        ],
        stations: [['J-S1', 'J-C2']],
        cameras: [['J-S1-C1', 'J-S1']],
        history: [
          ['J-S1', 'J-C1', '2025-01-01 00:00', '2025-03-10 12:00'],
          ['J-S1', 'J-C2', '2025-03-10 12:00', null],
        ],
        intervals: [
          ['J-S1-C1', 'ok', '2025-03-01 00:00', '2025-03-10 10:00'],
          ['J-S1-C1', 'down', '2025-03-10 10:00', '2025-03-10 14:00', 'unreachable'],
          ['J-S1-C1', 'ok', '2025-03-10 14:00', null],
        ],
      });
      const now = service('2025-03-11 00:00');
      const b = await now.unitBreakdown('J-D', D10);
      // down 10–12 in J-C1 (where it failed), 12–14 in J-C2 (where it was repaired, after 4 h)
      expect(b?.children.map((c) => [c.unitId, c.downMs / H, c.failures, c.resolvedOutages, c.mttrMs])).toEqual([
        ['J-C1', 2, 1, 0, null],
        ['J-C2', 2, 0, 1, 4 * H],
      ]);
      expect(b?.total).toMatchObject({ downMs: 4 * H, failures: 1, resolvedOutages: 1, cameras: 1 });
      const o = await now.outages({ kind: 'unit', id: 'J-D' }, D10);
      expect(o.outages).toMatchObject([
        { cameraId: 'J-S1-C1', startedAt: at('2025-03-10 10:00'), durationMs: 4 * H, downMsInRange: 4 * H },
      ]);
    });

    it('refuses bad ids and ranges, and answers null for a unit that does not exist', async () => {
      await expect(service().unitUptime("x' or 1=1", D10)).rejects.toThrow(UptimeQueryError);
      await expect(service().stationUptime('A-S1', { from: D10.to, to: D10.from })).rejects.toThrow(UptimeQueryError);
      expect(await service().unitBreakdown('NO-SUCH-UNIT', D10)).toBeNull();
    });
  });
}
