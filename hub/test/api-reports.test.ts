import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate, type OutageReport, type UptimeReport } from '@camwatch/config';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { seedStatus } from './api-support/seed-status.ts';

describe('API reports: uptime by unit, outages, exports, never reported', () => {
  let h: Harness;
  let seeded: { downSince: number; offlineSince: number };
  // Yesterday and today: the seeded 6 hours fall inside whatever the local time is.
  const today = localDate(Date.now());
  const days = `from=${localDate(Date.now() - 86_400_000)}&to=${today}`;
  const recent = () => `period=custom&from=${Date.now() - 8 * 3_600_000}&to=${Date.now()}`;
  beforeAll(async () => {
    h = await startHarness();
    seeded = await seedStatus(h.db, h.deps.snapshots);
  });
  afterAll(() => h?.close());

  it('gives uptime per commune, scoped to the caller', async () => {
    const all = (await h.request('GET', `/api/reports/uptime?${days}`, { user: 'viewer' })).json() as UptimeReport;
    expect(all.rows.map((r) => r.unitId).sort()).toEqual(['C1', 'C2', 'C3']);
    const c1 = all.rows.find((r) => r.unitId === 'C1')!;
    // ST-C1-A: cam 1 up 6 h, cam 2 up 5 h then down 1 h; ST-C1-B never heard (no data, not down).
    expect(c1.uptimePct).toBeGreaterThan(91);
    expect(c1.uptimePct).toBeLessThan(92.5);
    expect(c1.outages).toBe(1);
    expect(c1.parentName).toBe('Huyện Một');
    expect(all.rows.find((r) => r.unitId === 'C3')!.uptimePct).toBe(100);
    const mine = (await h.request('GET', `/api/reports/uptime?${days}`, { user: 'commune1' })).json() as UptimeReport;
    expect(mine.rows.map((r) => r.unitId)).toEqual(['C1']);
    const districts = (await h.request('GET', `/api/reports/uptime?${days}&groupBy=district`, { user: 'commune1' })).json() as UptimeReport;
    expect(districts.rows).toEqual([]);
    expect(
      (await h.request('GET', `/api/reports/uptime?${days}&groupBy=district`, { user: 'district1' }))
        .json()
        .rows.map((r: { unitId: string }) => r.unitId),
    ).toEqual(['D1']);
  });

  it('rejects bad ranges with a clear 400', async () => {
    const bad = await h.request('GET', '/api/reports/uptime?from=2025-02-30&to=2025-03-01', { user: 'admin' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/no such day/);
    expect((await h.request('GET', '/api/reports/uptime?from=2025-03-02&to=2025-03-01', { user: 'admin' })).statusCode).toBe(400);
    expect((await h.request('GET', '/api/reports/uptime?from=2020-01-01&to=2025-03-01', { user: 'admin' })).statusCode).toBe(400);
    expect((await h.request('GET', '/api/reports/stations/ST-C1-A?period=month', { user: 'admin' })).json().message).toMatch(/needs month/);
  });

  it('exports the table as CSV with Vietnamese headers (English on request) and as a printable page', async () => {
    const csv = await h.request('GET', `/api/reports/uptime.csv?${days}`, { user: 'district1' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Mã đơn vị,Tên đơn vị,Loại,Trực thuộc,Số trạm,Số camera,Tỷ lệ hoạt động (%),Thời gian theo dõi (giờ),Thời gian hỏng (giờ),Số lần hỏng,Thời gian khắc phục TB (phút),' +
        // Issue 14: availability, data coverage, station-unreachable time and the main cause, after the old columns.
        'Tỷ lệ sẵn sàng sử dụng (%),Độ phủ dữ liệu (%),Mất liên lạc trạm (giờ),Nguyên nhân chính',
    );
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['C1', 'C2']);
    const en = await h.request('GET', `/api/reports/uptime.csv?${days}&lang=en`, { user: 'district1' });
    expect(en.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(
      /^Unit id,Unit,Kind,Parent,Stations,Cameras,Uptime while reachable \(%\),.*,Availability \(%\),Data coverage \(%\)/,
    );
    const html = await h.request('GET', `/api/reports/uptime.html?${days}`, { user: 'district1' });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('Báo cáo tỷ lệ hoạt động camera');
    expect(html.body).toContain('Xã Mỹ Lộc');
    expect(html.body).not.toContain('Thị trấn Cần Giuộc');
  });

  it('lists outages with durations and the last good snapshot, scoped, with MTTR', async () => {
    const r = (await h.request('GET', `/api/reports/outages?${recent()}`, { user: 'viewer' })).json() as OutageReport;
    expect(r.items.map((o) => [o.cameraId, o.cause, o.endedAt])).toEqual([['ST-C1-A-2', 'unreachable', null]]);
    expect(r.items[0]!.startedAt).toBe(seeded.downSince);
    expect(r.items[0]!.lastGoodSnapshot?.takenAt).toBeLessThan(seeded.downSince);
    expect(r.mttrMs).toBeNull();
    expect((await h.request('GET', `/api/reports/outages?${recent()}`, { user: 'commune3' })).json().items).toEqual([]);
    expect((await h.request('GET', `/api/reports/outages?${recent()}&stationId=ST-C1-A`, { user: 'commune3' })).statusCode).toBe(404);
    const csv = await h.request('GET', `/api/reports/outages.csv?${recent()}`, { user: 'commune1' });
    expect(csv.body).toContain('ST-C1-A-2');
    expect(csv.body).toContain('Chưa khắc phục');
  });

  it('reports a unit, a station and a camera over a range, and the stations that never reported', async () => {
    const unit = (await h.request('GET', `/api/reports/units/D1?${recent()}`, { user: 'district1' })).json();
    expect(unit.children.map((c: { unitId: string }) => c.unitId)).toEqual(['C1', 'C2']);
    expect((await h.request('GET', `/api/reports/units/D2?${recent()}`, { user: 'district1' })).statusCode).toBe(404);
    const station = (await h.request('GET', `/api/reports/stations/ST-C3-A?period=week&date=${today}`, { user: 'commune3' })).json();
    expect(station.total.uptimePct).toBe(100);
    const cam = (await h.request('GET', `/api/reports/cameras/ST-C1-A-2?${recent()}`, { user: 'commune1' })).json();
    expect(cam.outages).toHaveLength(1);
    const daily = (await h.request('GET', `/api/reports/daily?period=week&date=${today}&unitId=C1`, { user: 'commune1' })).json();
    expect(daily.points).toHaveLength(7);
    const never = (await h.request('GET', '/api/reports/never-reported', { user: 'district1' })).json().items;
    expect(never.map((s: { stationId: string }) => s.stationId)).toEqual(['ST-C1-B']);
    expect((await h.request('GET', '/api/reports/never-reported', { user: 'commune3' })).json().items).toEqual([]);
  });
});
