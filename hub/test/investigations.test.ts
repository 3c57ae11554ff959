import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatePrivateCameraBody, Inventory, Investigation } from '@camwatch/config';
import { importInventory } from '../src/inventory/inventory-import.ts';
import { PrivateCameraRepository } from '../src/private-cameras/private-camera-repository.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { FIXTURE } from './api-support/fixture-inventory.ts';
import { fakeJpeg } from './api-support/seed-status.ts';

const HOUR = 3_600_000;
/** The spot under investigation, several km from the fixture's own stations. */
const X = { lat: 10.7, lon: 106.7 };
/** Another spot, in C3's outline. */
const Y = { lat: 10.8, lon: 106.8 };
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON = 111_320 * Math.cos((X.lat * Math.PI) / 180);
/** The position `east` and `north` metres from X. */
const at = (east: number, north: number) => ({ lat: X.lat + north / M_PER_DEG_LAT, lon: X.lon + east / M_PER_DEG_LON });

type Station = Inventory['stations'][number];
type Camera = Inventory['cameras'][number];
const station = (id: string, unitId: string, p: { lat: number; lon: number }): Station => ({
  id,
  name: `Trạm ${id}`,
  unitId,
  address: `Ngã tư ${id}`,
  ...p,
  road: 'QL1',
  installedAt: '2024-01-15',
  funding: 'community',
});
const camera = (id: string, stationId: string, bearingDeg: number, fovDeg: number, rangeM: number): Camera => ({
  id,
  stationId,
  make: 'Dahua',
  model: 'IPC-HFW1230S',
  rtspUrl: `rtsp://192.0.2.1/${id}`,
  bearingDeg,
  fovDeg,
  rangeM,
});

/**
 * The hand-made scene around X:
 * - XN 100 m north: XN-1 faces south toward X (sees it), XN-2 faces north (away);
 * - XE 60 m east: XE-1 faces west toward X (sees it; down the window's second half), XE-2 faces
 *   300° with a 40° wedge: X (at 270°) is in range but 30° off its axis, outside the wedge;
 * - XW 300 m west: XW-1 faces east toward X but reaches only 200 m;
 * - XS 80 m south, in commune C3 though inside C1's outline: XS-1 faces north and sees X, its
 *   station unreachable the whole window.
 */
const SCENE_STATIONS = [
  station('XN', 'C1', at(0, 100)),
  station('XE', 'C1', at(60, 0)),
  station('XW', 'C1', at(-300, 0)),
  station('XS', 'C3', at(0, -80)),
];
const SCENE_CAMERAS = [
  camera('XN-1', 'XN', 180, 90, 150),
  camera('XN-2', 'XN', 0, 90, 150),
  camera('XE-1', 'XE', 270, 60, 100),
  camera('XE-2', 'XE', 300, 40, 100),
  camera('XW-1', 'XW', 90, 90, 200),
  camera('XS-1', 'XS', 0, 90, 100),
];

/**
 * Private cameras around X: one that keeps 30 days (the window, three days ago, is still on its
 * disk), one that keeps 2 (overwritten by now), one facing away, and an agency's camera in C3
 * with no recorder on record.
 */
const privateCamera = (
  name: string,
  unitId: string,
  p: { lat: number; lon: number },
  bearingDeg: number,
  daysKept: number | null,
): CreatePrivateCameraBody => ({
  unitId,
  ownerKind: unitId === 'C3' ? 'agency' : 'household',
  owner: { name, phone: '0901 234 567', address: `Số 1 đường ${name}` },
  ...p,
  bearingDeg,
  fovDeg: 90,
  rangeM: 60,
  facesStreet: true,
  recorder: daysKept === null ? null : { kind: 'dvr', brand: 'Hikvision', daysKept },
  consent: { date: '2025-03-01', scope: 'footage_contact' },
});
const PRIVATE = {
  kept: privateCamera('Nguyễn Văn Giữ', 'C1', at(-40, 0), 90, 30),
  expired: privateCamera('Trần Thị Hết', 'C1', at(0, -30), 0, 2),
  away: privateCamera('Lê Văn Quay', 'C1', at(20, 0), 90, 30),
  other: privateCamera('UBND Thị trấn', 'C3', at(-20, 20), 135, null),
};

/** A square outline of `halfM` metres around a point, as the fleet generator writes units.geojson. */
function square(id: string, c: { lat: number; lon: number }, halfM: number) {
  const dLat = halfM / M_PER_DEG_LAT;
  const dLon = halfM / M_PER_DEG_LON;
  const ring = [
    [c.lon - dLon, c.lat - dLat],
    [c.lon + dLon, c.lat - dLat],
    [c.lon + dLon, c.lat + dLat],
    [c.lon - dLon, c.lat + dLat],
    [c.lon - dLon, c.lat - dLat],
  ];
  return { type: 'Feature', properties: { id }, geometry: { type: 'Polygon', coordinates: [ring] } };
}

describe('who could have seen it: a hand-made scene on real PostgreSQL', () => {
  let h: Harness;
  let geoDir: string;
  const privateIds: Record<string, number> = {};
  // A two-hour window three days ago, on a whole hour.
  const from = Math.floor((Date.now() - 3 * 24 * HOUR) / HOUR) * HOUR;
  const to = from + 2 * HOUR;
  const query = (p: { lat: number; lon: number }[], extra = '') =>
    `route=${p.map((x) => `${x.lat.toFixed(7)},${x.lon.toFixed(7)}`).join(';')}&from=${from}&to=${to}${extra}`;
  const ask = async (user: string, q: string) => {
    const res = await h.request('GET', `/api/investigations?${q}`, { user });
    return { status: res.statusCode, body: res.json() as Investigation };
  };
  const byId = (r: Investigation) => new Map(r.programmeCameras.map((c) => [c.cameraId, c]));

  beforeAll(async () => {
    geoDir = await mkdtemp(join(tmpdir(), 'camwatch-geo-'));
    await writeFile(
      join(geoDir, 'units.geojson'),
      JSON.stringify({ type: 'FeatureCollection', features: [square('C1', X, 1_000), square('C3', Y, 1_000)] }),
    );
    h = await startHarness({ liveFeedPollMs: null, config: { geoDir } });
    await importInventory(
      h.db,
      { ...FIXTURE, stations: [...FIXTURE.stations, ...SCENE_STATIONS], cameras: [...FIXTURE.cameras, ...SCENE_CAMERAS] },
      new Date('2024-01-01T00:00:00Z'),
    );
    const iso = (ms: number) => new Date(ms).toISOString();
    const interval = (cam: string, status: string, cause: string | null, a: number, b: number | null) =>
      h.db.query(
        'INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [cam, cam.split('-')[0], status, cause, iso(a), b === null ? null : iso(b)],
      );
    await interval('XN-1', 'ok', null, from - 24 * HOUR, null);
    await interval('XE-1', 'ok', null, from - 24 * HOUR, from + HOUR);
    await interval('XE-1', 'down', 'unreachable', from + HOUR, null);
    await interval('XS-1', 'ok', null, from - 24 * HOUR, from - HOUR);
    await interval('XS-1', 'unknown', 'station_offline', from - HOUR, to + HOUR);
    await interval('XS-1', 'ok', null, to + HOUR, null);
    const register = new PrivateCameraRepository();
    for (const [key, c] of Object.entries(PRIVATE)) privateIds[key] = await register.insert(h.db, c, 'admin', Date.now());
    // XN-1's pictures: the nearest either side of the window are one hour before and half an hour after.
    let n = 0;
    for (const ts of [from - 3 * HOUR, from - HOUR, from + 30 * 60_000, to + 30 * 60_000, to + 2 * HOUR]) {
      const { sha256, bytes } = await h.deps.snapshots.put(fakeJpeg(++n));
      await h.db.query(
        `INSERT INTO snapshots (camera_id, station_id, boot_id, seq, ts, sha256, bytes, width, height, trigger, is_latest, in_history)
         VALUES ('XN-1', 'XN', 'boot-scene', $1, $2, $3, $4, 640, 360, 'scheduled', false, true)`,
        [n, iso(ts), sha256, bytes],
      );
    }
  });
  afterAll(async () => {
    await h?.close();
    await rm(geoDir, { recursive: true, force: true });
  });

  it('lists exactly the cameras whose wedge covers the spot, nearest first, with their window from the timeline', async () => {
    const { status, body } = await ask('admin', query([X]));
    expect(status).toBe(200);
    // Not XN-2 (faces away), XE-2 (in range, outside its wedge), XW-1 (facing it, out of range), nor any fixture camera.
    expect(body.programmeCameras.map((c) => [c.cameraId, c.distanceM])).toEqual([
      ['XE-1', 60],
      ['XS-1', 80],
      ['XN-1', 100],
    ]);
    const cams = byId(body);
    const xe = cams.get('XE-1')!;
    expect(xe.shares).toEqual({ ok: 0.5, degraded: 0, down: 0.5, unreachable: 0, maintenance: 0, noData: 0 });
    expect(xe.availabilityPct).toBe(50);
    expect(xe.spans).toEqual([
      { start: from, end: from + HOUR, status: 'ok' },
      { start: from + HOUR, end: to, status: 'down' },
    ]);
    expect(xe.snapshotBefore).toBeNull();
    expect(xe.snapshotAfter).toBeNull();
    const xs = cams.get('XS-1')!;
    expect(xs.shares).toEqual({ ok: 0, degraded: 0, down: 0, unreachable: 1, maintenance: 0, noData: 0 });
    expect(xs.availabilityPct).toBe(0);
    expect(xs.spans).toEqual([{ start: from, end: to, status: 'unreachable' }]);
    const xn = cams.get('XN-1')!;
    expect(xn.shares.ok).toBe(1);
    expect(xn.snapshotBefore?.takenAt).toBe(from - HOUR);
    expect(xn.snapshotAfter?.takenAt).toBe(to + 30 * 60_000);
    expect(xn).toMatchObject({ stationId: 'XN', unitId: 'C1', unitName: 'Xã Mỹ Lộc', bearingDeg: 180, fovDeg: 90, rangeM: 150 });
    // Private cameras: nearest first, each with whom to ask and whether the footage is probably still there.
    expect(body.privateCameras.map((c) => [c.id, c.distanceM, c.footageProbablyKept])).toEqual([
      [privateIds.other, 28, null],
      [privateIds.expired, 30, false],
      [privateIds.kept, 40, true],
    ]);
    const kept = body.privateCameras.find((c) => c.id === privateIds.kept)!;
    expect(kept.owner).toEqual({ name: 'Nguyễn Văn Giữ', phone: '0901 234 567', address: 'Số 1 đường Nguyễn Văn Giữ' });
    expect(kept.footageKeptUntil).toBe(to + 30 * 24 * HOUR);
    expect(kept.recorder).toEqual({ kind: 'dvr', brand: 'Hikvision', daysKept: 30 });
    expect(body.privateCameras.find((c) => c.id === privateIds.expired)!.footageKeptUntil).toBe(to + 2 * 24 * HOUR);
    // The snapshot link works for the asker.
    const img = await h.request('GET', xn.snapshotBefore!.url, { user: 'admin' });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
  });

  it('covers a route when any sample along it is seen', async () => {
    // From X 150 m west: XW-1 (300 m west, 200 m range, facing east) sees its far end.
    const route = [X, at(-150, 0)];
    const { status, body } = await ask('admin', query(route));
    expect(status).toBe(200);
    const cams = byId(body);
    expect(cams.get('XW-1')?.distanceM).toBe(150);
    expect(cams.has('XN-2')).toBe(false);
    expect(cams.has('XE-2')).toBe(false);
    expect(body.route).toHaveLength(2);
  });

  it('keeps a commune user to its area: cameras of other communes are left out, a spot outside is refused', async () => {
    const mine = await ask('commune1', query([X]));
    expect(mine.status).toBe(200);
    expect(mine.body.programmeCameras.map((c) => c.cameraId)).toEqual(['XE-1', 'XN-1']);
    expect(mine.body.privateCameras.map((c) => c.id)).toEqual([privateIds.expired, privateIds.kept]);
    // Y lies in C3's outline: not commune1's.
    expect((await ask('commune1', query([Y]))).status).toBe(403);
    // A route that leaves the area (C1's outline ends 1 km east of X) is refused as a whole.
    expect((await ask('commune1', query([X, at(1_500, 0)]))).status).toBe(403);
    expect((await ask('commune3', query([X]))).status).toBe(403);
    expect((await ask('commune3', query([Y]))).status).toBe(200);
    // Roles that may not investigate: refused before anything is read.
    expect((await ask('viewer', query([X]))).status).toBe(403);
    expect((await ask('tech2', query([X]))).status).toBe(403);
  });

  it('audits every query: who, where, which window, what was answered or refused', async () => {
    const before = (await h.request('GET', '/api/audit?action=investigation.run&limit=500', { user: 'admin' })).json() as {
      items: unknown[];
    };
    await ask('district1', query([X]));
    await ask('commune3', query([X]));
    const res = await h.request('GET', '/api/audit?action=investigation.run&limit=500', { user: 'admin' });
    const items = (res.json() as { items: { username: string; targetKind: string; targetId: string; detail: Record<string, unknown> }[] })
      .items;
    expect(items.length - before.items.length).toBe(2);
    const [refused, answered] = items;
    expect(answered).toMatchObject({
      username: 'district1',
      targetKind: 'location',
      targetId: `${X.lat.toFixed(6)},${X.lon.toFixed(6)}`,
      detail: {
        from,
        to,
        format: 'json',
        outcome: 'answered',
        cameraIds: ['XE-1', 'XN-1'],
        privateCameraIds: [privateIds.expired, privateIds.kept],
      },
    });
    expect(refused).toMatchObject({ username: 'commune3', detail: { outcome: 'refused_area', cameraIds: [], privateCameraIds: [] } });
    // Each owner's contact handed to district1 is recorded as the register records its own reads.
    const contacts = (
      (await h.request('GET', '/api/audit?action=private_camera.contact_read&limit=1000', { user: 'admin' })).json() as {
        items: { username: string; targetId: string; detail: Record<string, unknown> }[];
      }
    ).items.filter((e) => e.username === 'district1');
    expect(contacts.map((e) => e.targetId).sort()).toEqual([String(privateIds.expired), String(privateIds.kept)].sort());
    expect(contacts[0]!.detail).toMatchObject({ unitId: 'C1', via: 'investigation' });
  });

  it('refuses a bad window or route with a clear error', async () => {
    const bad = async (q: string) => (await h.request('GET', `/api/investigations?${q}`, { user: 'admin' })).statusCode;
    expect(await bad(`route=${X.lat},${X.lon}&from=${to}&to=${from}`)).toBe(400);
    expect(await bad(`route=${X.lat},${X.lon}&from=0&to=${40 * 24 * HOUR}`)).toBe(400);
    expect(await bad(`route=95,106&from=${from}&to=${to}`)).toBe(400);
    expect(await bad(`route=abc&from=${from}&to=${to}`)).toBe(400);
    // 6 km: longer than a route may be.
    expect(await bad(query([X, at(6_000, 0)]))).toBe(400);
  });

  it('prints the list for the case file in Vietnamese (A4) and exports it as CSV', async () => {
    const html = await h.request('GET', `/api/investigations/print.html?${query([X])}`, { user: 'admin' });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('Danh sách camera có thể đã ghi hình');
    expect(html.body).toContain('size:A4');
    expect(html.body).toContain('Camera của mô hình (3)');
    expect(html.body).toContain('Hỏng 50,0%');
    expect(html.body).toContain('Mất liên lạc trạm 100,0%');
    expect(html.body).toContain('Camera của người dân, doanh nghiệp, cơ quan (3)');
    expect(html.body).toContain('Nguyễn Văn Giữ<br>Điện thoại: 0901 234 567');
    expect(html.body).toContain('Có thể còn lưu');
    expect(html.body).toContain('Có thể đã bị ghi đè');
    const csv = await h.request('GET', `/api/investigations/export.csv?${query([X])}&lang=en`, { user: 'admin' });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Kind,Camera,Station,Unit,Address,lat,lon/);
    const cells = lines.slice(1).map((l) => l.split(','));
    expect(cells.map((c) => c[1])).toEqual([
      'XE-1',
      'XS-1',
      'XN-1',
      `P${privateIds.other}`,
      `P${privateIds.expired}`,
      `P${privateIds.kept}`,
    ]);
    // XE-1: 50 % working, 50 % down.
    expect(cells[0]!.slice(9, 15)).toEqual(['50.0', '0.0', '50.0', '0.0', '0.0', '0.0']);
    expect(cells[4]!.slice(18)).toEqual([
      'Trần Thị Hết',
      '0901 234 567',
      '2',
      expect.any(String),
      'Probably overwritten',
      'contact for footage',
    ]);
  });
});
