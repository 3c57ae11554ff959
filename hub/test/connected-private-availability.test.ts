import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeReport } from '@camwatch/config';
import { startHarness, type Harness } from './api-support/api-harness.ts';

/**
 * Issue 16 item 4: the programme report's separate line of connected private cameras gains their
 * availability over the period, measured from their stored status by the uptime module's own
 * maths, and never mixed into the programme's figures. Real PostgreSQL; June 2025 written by hand.
 */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`).toISOString();
const JUNE = 'period=month&date=2025-06-17';

describe('API: availability of connected private cameras on the programme report', () => {
  let h: Harness;
  const q = (sql: string, params: unknown[] = []) => h.db.query(sql, params);
  const report = async (unitId: string): Promise<ProgrammeReport> => {
    const r = await h.request('GET', `/api/reports/programme?${JUNE}&unitId=${unitId}`, { user: 'admin' });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as ProgrammeReport;
  };
  /** Everything the programme's own rows say: what connected cameras must never change. */
  const programmeOnly = (r: ProgrammeReport) => ({ units: r.units, roads: r.roads, border: r.border });

  /** A collector at `unit`, heard all of June, and a private camera of `commune` connected to it on 1 June. */
  const connected = async (collector: string, unit: string, commune: string): Promise<string> => {
    await q(
      `INSERT INTO stations (id, unit_id, name, address, lat, lon, installed_at, funding, type)
       VALUES ($1, $2, 'Bộ thu', 'Công an', 10.6, 106.6, '2025-05-01', 'state', 'collector') ON CONFLICT (id) DO NOTHING`,
      [collector, unit],
    );
    await q(
      `INSERT INTO station_liveness (station_id, state, boot_id, connection_id, last_seen_at, changed_at)
       VALUES ($1, 'online', 'boot-0001', 1, now(), $2) ON CONFLICT (station_id) DO NOTHING`,
      [collector, at('2025-06-01 00:00')],
    );
    await q(
      `INSERT INTO station_status_intervals (station_id, status, started_at) SELECT $1, 'online', $2
       WHERE NOT EXISTS (SELECT 1 FROM station_status_intervals WHERE station_id = $1)`,
      [collector, at('2025-06-01 00:00')],
    );
    const pc = await q(
      `INSERT INTO private_cameras (unit_id, owner_kind, owner_name, owner_phone, address, lat, lon, bearing_deg, fov_deg, range_m,
         faces_street, consent_date, consent_scope, registered_by, registered_at, updated_at)
       VALUES ($1, 'business', 'Cửa hàng A', '0909 000 222', 'Ấp 2', 10.61, 106.61, 90, 80, 40, true, '2025-05-20', 'live_connection', 'admin', now(), now())
       RETURNING id::int AS id`,
      [commune],
    );
    const id = (pc.rows[0] as { id: number }).id;
    await q(
      `INSERT INTO private_camera_connections (private_camera_id, collector_station_id, rtsp_url, connected_by, connected_at)
       VALUES ($1, $2, 'rtsp://192.0.2.20/ch1', 'admin', $3)`,
      [id, collector, at('2025-06-01 00:00')],
    );
    return `pc-${id}`;
  };
  const interval = (cam: string, station: string, status: string, from: string, to: string | null) =>
    q(`INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      cam,
      station,
      status,
      status === 'down' ? 'unreachable' : null,
      at(from),
      to === null ? null : at(to),
    ]);

  let before: ProgrammeReport;
  beforeAll(async () => {
    h = await startHarness();
    before = await report('D1');
    // C1 (district D1): ok 10 days, down 3 days, ok for the rest of June.
    const c1 = await connected('COL-D1', 'D1', 'C1');
    await interval(c1, 'COL-D1', 'ok', '2025-06-01 00:00', '2025-06-11 00:00');
    await interval(c1, 'COL-D1', 'down', '2025-06-11 00:00', '2025-06-14 00:00');
    await interval(c1, 'COL-D1', 'ok', '2025-06-14 00:00', null);
    // C3 (district D2): down all June; it must not reach D1's line.
    const c3 = await connected('COL-D2', 'D2', 'C3');
    await interval(c3, 'COL-D2', 'down', '2025-06-01 00:00', null);
  });
  afterAll(() => h?.close());

  it('gives the line the availability of the unit’s connected cameras over the period (27 of 30 days)', async () => {
    const d1 = await report('D1');
    expect(d1.connectedPrivate).toMatchObject({ cameras: 1, camerasWorking: 1 });
    expect(d1.connectedPrivate.availabilityPct).toBeCloseTo((27 / 30) * 100, 6);
    expect(d1.connectedPrivate.uptimePct).toBeCloseTo((27 / 30) * 100, 6);
    const p = await report('P');
    expect(p.connectedPrivate).toMatchObject({ cameras: 2, camerasWorking: 1 });
    expect(p.connectedPrivate.availabilityPct).toBeCloseTo((27 / 60) * 100, 6);
    // A commune with none: no figure, not 0 %.
    expect((await report('C2')).connectedPrivate).toEqual({ cameras: 0, camerasWorking: 0, availabilityPct: null, uptimePct: null });
  });

  it('leaves the programme’s own figures exactly as they were', async () => {
    expect(programmeOnly(await report('D1'))).toEqual(programmeOnly(before));
  });

  it('shows the figures on the line of the CSV and the printable page', async () => {
    const csv = await h.request('GET', `/api/reports/programme.csv?${JUNE}&unitId=D1`, { user: 'admin' });
    expect(csv.body).toMatch(/Camera tư nhân kết nối,,Camera tư nhân kết nối,,,,1,1,90\.00,90\.00\r\n/);
    const html = await h.request('GET', `/api/reports/programme.html?${JUNE}&unitId=D1`, { user: 'admin' });
    expect(html.body).toContain(
      '<tr data-line="connected-private"><td class="n">1</td><td class="n">1</td><td class="n">90,0</td><td class="n">90,0</td></tr>',
    );
  });
});
