import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_PERMISSION, localDate, roleCan, type Permission } from '@camwatch/config';
import { startHarness, USERS, type Harness } from './api-support/api-harness.ts';
import { seedStatus } from './api-support/seed-status.ts';
import { FIXTURE } from './api-support/fixture-inventory.ts';
import { SampleRepository } from '../src/ingest/sample-repository.ts';
import { StationScript } from './support/fixtures.ts';
import { COVERAGE_ROADS, COVERAGE_UNITS, writeCoverageGeo } from './api-support/coverage-geo.ts';

/** Four-corner rings of [west, south, east, north] boxes, as GeoJSON polygons of one multipolygon. */
const boxes = (...bs: [number, number, number, number][]) => ({
  type: 'MultiPolygon',
  coordinates: bs.map(([w, so, e, n]) => [
    [
      [w, so],
      [e, so],
      [e, n],
      [w, n],
      [w, so],
    ],
  ]),
});
/**
 * The coverage outlines, grown so that every fixture station lies in its own commune's outline
 * (the investigation places a spot by the outline that holds it): C1 and C2 each gain a box
 * around their second station, clear of QL1, and C3 one around its station and its road.
 */
const MATRIX_UNITS = {
  type: 'FeatureCollection',
  features: [
    ...COVERAGE_UNITS.features.filter((f) => f.properties.id === 'D1'),
    {
      type: 'Feature',
      properties: { id: 'C1', name: 'Xã Mỹ Lộc', parentId: 'D1' },
      geometry: boxes([106.59, 10.6, 106.61, 10.61], [106.605, 10.615, 106.615, 10.625]),
    },
    {
      type: 'Feature',
      properties: { id: 'C2', name: 'Xã Phước Lợi', parentId: 'D1' },
      geometry: boxes([106.59, 10.61, 106.61, 10.62], [106.615, 10.625, 106.625, 10.635]),
    },
    { type: 'Feature', properties: { id: 'C3', name: 'Xã Ba', parentId: 'D2' }, geometry: boxes([106.625, 10.635, 106.715, 10.645]) },
  ],
};
import { HOUSE } from './api-support/private-camera-fixture.ts';

/** Which communes each test user may see (their units and everything below them). */
const AREA: Record<string, string[]> = {
  admin: ['C1', 'C2', 'C3'],
  viewer: ['C1', 'C2', 'C3'],
  district1: ['C1', 'C2'],
  commune1: ['C1'],
  commune3: ['C3'],
  tech2: ['C2'],
};
const STATIONS = FIXTURE.stations.map((s) => ({ id: s.id, unit: s.unitId }));
const CAMERAS = FIXTURE.cameras.map((c) => ({ id: c.id, unit: STATIONS.find((s) => s.id === c.stationId)!.unit }));
const stationsOf = (user: string) =>
  STATIONS.filter((s) => AREA[user]!.includes(s.unit))
    .map((s) => s.id)
    .sort();

/**
 * Writes, each with a body that is invalid for everyone: a permitted role gets 400 (the
 * request got past authorization), any other role 403, and nothing changes either way.
 */
const WRITES: { method: string; url: string; permission: Permission; body?: unknown }[] = [
  { method: 'POST', url: '/api/users', permission: 'users.manage', body: { username: 1 } },
  { method: 'PATCH', url: '/api/users/00000000-0000-0000-0000-000000000000', permission: 'users.manage', body: {} },
  { method: 'GET', url: '/api/users', permission: 'users.manage' },
  { method: 'GET', url: '/api/audit?limit=0', permission: 'audit.read' },
  { method: 'POST', url: '/api/stations', permission: 'inventory.write', body: { id: '' } },
  { method: 'PATCH', url: '/api/stations/ST-C2-A', permission: 'inventory.write', body: {} },
  { method: 'POST', url: '/api/stations/ST-C2-A/move', permission: 'station.move', body: {} },
  { method: 'POST', url: '/api/stations/ST-C2-A/retire', permission: 'inventory.write', body: { at: -1 } },
  { method: 'POST', url: '/api/cameras', permission: 'inventory.write', body: {} },
  { method: 'PATCH', url: '/api/cameras/ST-C2-A-1', permission: 'inventory.write', body: {} },
  { method: 'POST', url: '/api/cameras/ST-C2-A-1/retire', permission: 'inventory.write', body: { at: 'x' } },
  { method: 'POST', url: '/api/stations/ST-C2-A/credentials', permission: 'credentials.write', body: { revokePrevious: 'yes' } },
  { method: 'GET', url: '/api/stations/ST-C2-A/credentials', permission: 'credentials.write' },
  { method: 'DELETE', url: '/api/stations/ST-C2-A/credentials/0', permission: 'credentials.write' },
  { method: 'POST', url: '/api/alerts/1/ack', permission: 'alert.ack', body: {} },
  { method: 'PATCH', url: '/api/alert-rules/camera_down', permission: 'alert.configure', body: {} },
  { method: 'POST', url: '/api/alert-channels', permission: 'alert.configure', body: {} },
  { method: 'GET', url: '/api/alert-channels/status', permission: 'alert.configure' },
  { method: 'POST', url: '/api/maintenance', permission: 'maintenance.write', body: {} },
  { method: 'DELETE', url: '/api/maintenance/0', permission: 'maintenance.write' },
  { method: 'POST', url: '/api/inventory/import', permission: 'inventory.import', body: { format: 'nope' } },
  { method: 'POST', url: '/api/stations/ST-C2-A/commands', permission: 'command.inspect', body: { kind: 'nope' } },
  { method: 'PUT', url: '/api/cameras/ST-C2-A-1/aim-flag', permission: 'camera.flag', body: { note: '' } },
  { method: 'DELETE', url: '/api/cameras/ST-C2-A-1/aim-flag', permission: 'camera.flag' },
  { method: 'POST', url: '/api/work-orders', permission: 'workorder.write', body: {} },
  { method: 'PATCH', url: '/api/work-orders/1', permission: 'workorder.write', body: { costVnd: -1 } },
  { method: 'POST', url: '/api/work-orders/1/transitions', permission: 'workorder.write', body: { to: 'nope' } },
  { method: 'GET', url: '/api/work-orders/1/assignees', permission: 'workorder.write' },
  { method: 'POST', url: '/api/private-cameras', permission: 'private_camera.write', body: { unitId: 'C1' } },
  { method: 'PATCH', url: '/api/private-cameras/1', permission: 'private_camera.write', body: { rangeM: -1 } },
  { method: 'POST', url: '/api/private-cameras/1/erase', permission: 'private_camera.write', body: {} },
  { method: 'POST', url: '/api/private-cameras/import', permission: 'private_camera.write', body: { format: 'pdf' } },
  { method: 'PUT', url: '/api/private-cameras/1/connection', permission: 'private_camera.write', body: { rtspUrl: 'http://x' } },
];

describe('authorization matrix: every role, every endpoint, exactly the allowed data', () => {
  let h: Harness;
  const published: string[] = [];
  const alertIds: Record<string, string> = {};
  const orderIds: Record<string, number> = {};
  const privateIds: Record<string, number> = {};
  const today = localDate(Date.now());
  const days = `from=${localDate(Date.now() - 86_400_000)}&to=${today}`;

  beforeAll(async () => {
    // Commands go to a recording publish (the broker path has its own tests); no rate limit here.
    // Road layers with a road in every commune, so each user's road coverage is exactly its area.
    const geoDir = await writeCoverageGeo(await mkdtemp(join(tmpdir(), 'camwatch-authz-geo-')), COVERAGE_ROADS, MATRIX_UNITS);
    h = await startHarness({
      liveFeedPollMs: null,
      config: { commandsPerStationPerMinute: 10_000, geoDir },
      deps: {
        publish: (topic) => {
          published.push(topic);
          return Promise.resolve();
        },
      },
    });
    await seedStatus(h.db, h.deps.snapshots);
    // Every station over its byte budget today, so each user's budget list is exactly its area.
    const budgetAt = Date.now();
    for (const s of STATIONS) {
      const payload = { ...new StationScript(s.id, `boot-budget-${s.id}`).health(budgetAt), bytesSentToday: 21e6, byteBudget: 20e6 };
      await new SampleRepository().insert(h.db, 'health', [
        { kind: 'health', stationId: s.id, receivedAt: budgetAt, retained: false, payload },
      ]);
    }
    for (const s of STATIONS) {
      const r = await h.db.query<{ id: number }>(
        `INSERT INTO alerts (rule, subject, severity, state, station_id, unit_id, message, condition_since, opened_at) VALUES ('station_offline', $1, 'critical', 'open', $2, $3, 'x', now(), now()) RETURNING id::int AS id`,
        [`station:${s.id}`, s.id, s.unit],
      );
      alertIds[s.id] = String(r.rows[0]!.id);
    }
    // One work order per station, opened by the admin.
    for (const s of STATIONS) {
      const r = await h.request('POST', '/api/work-orders', { user: 'admin', body: { stationId: s.id } });
      if (r.statusCode !== 200) throw new Error(`work order for ${s.id}: ${r.statusCode} ${r.body}`);
      orderIds[s.id] = (r.json() as { id: number }).id;
    }
    // One private camera per commune, registered by the admin.
    for (const unit of ['C1', 'C2', 'C3']) privateIds[unit] = await registerPrivate(unit);
    await h.db.query(
      `INSERT INTO maintenance_windows (station_id, starts_at, ends_at, reason) SELECT id, now(), now() + interval '1 hour', 'test' FROM stations`,
    );
  });
  afterAll(() => h?.close());
  async function registerPrivate(unitId: string): Promise<number> {
    const r = await h.request('POST', '/api/private-cameras', { user: 'admin', body: { ...HOUSE, unitId } });
    if (r.statusCode !== 200) throw new Error(`private camera in ${unitId}: ${r.statusCode} ${r.body}`);
    return (r.json() as { id: number }).id;
  }

  for (const user of Object.keys(USERS)) {
    describe(`${user} (${USERS[user]!.role}, units ${USERS[user]!.unitIds.join(',') || 'all'})`, () => {
      const mine = () => stationsOf(user);

      it('sees exactly its stations on the map, in units, alerts, repair queue, maintenance and reports', async () => {
        const get = async (url: string) => {
          const res = await h.request('GET', url, { user });
          expect(res.statusCode, url).toBe(200);
          return res.json();
        };
        expect((await get('/api/map')).stations.id.slice().sort()).toEqual(mine());
        expect(
          (await get('/api/units')).units
            .filter((u: { inScope: boolean }) => u.inScope)
            .map((u: { id: string }) => u.id)
            .filter((id: string) => id.startsWith('C'))
            .sort(),
        ).toEqual(AREA[user]);
        expect([...new Set((await get('/api/alerts?state=all')).items.map((a: { stationId: string }) => a.stationId))].sort()).toEqual(
          mine(),
        );
        for (const item of (await get('/api/repair-queue')).items) expect(mine()).toContain(item.stationId);
        expect((await get('/api/maintenance')).items.map((m: { stationId: string }) => m.stationId).sort()).toEqual(mine());
        expect((await get('/api/reports/never-reported')).items.map((s: { stationId: string }) => s.stationId)).toEqual(
          mine().filter((id) => id === 'ST-C1-B'),
        );
        for (const row of (await get(`/api/reports/uptime?${days}`)).rows) expect(AREA[user]).toContain(row.unitId);
        const outages = (await get(`/api/reports/outages?period=custom&from=${Date.now() - 86_400_000}&to=${Date.now()}`)).items;
        for (const o of outages) expect(mine()).toContain(o.stationId);
      });

      it('lists only its own stations among those short of their byte budget', async () => {
        const res = await h.request('GET', '/api/fleet/budget', { user });
        expect(res.statusCode).toBe(200);
        expect((res.json() as { items: { stationId: string }[] }).items.map((s) => s.stationId).sort()).toEqual(mine());
      });

      it('sees the agent versions of exactly its stations, if its role may', async () => {
        const res = await h.request('GET', '/api/fleet/versions', { user });
        if (!roleCan(USERS[user]!.role, 'fleet.versions')) return expect(res.statusCode).toBe(403);
        expect(res.statusCode).toBe(200);
        const v = res.json() as { stations: number; outdated: { stationId: string }[]; unknown: { stationId: string }[] };
        expect(v.stations).toBe(mine().length);
        expect([...v.outdated, ...v.unknown].map((s) => s.stationId).sort()).toEqual(mine());
      });

      it('gets every station, camera, snapshot list, timeline and alert in its area, and 404 for every other', async () => {
        for (const s of STATIONS) {
          const allowed = AREA[user]!.includes(s.unit);
          expect((await h.request('GET', `/api/stations/${s.id}`, { user })).statusCode, s.id).toBe(allowed ? 200 : 404);
          expect((await h.request('GET', `/api/alerts/${alertIds[s.id]}`, { user })).statusCode, `alert of ${s.id}`).toBe(
            allowed ? 200 : 404,
          );
          expect((await h.request('GET', `/api/reports/stations/${s.id}?period=day&date=${today}`, { user })).statusCode).toBe(
            allowed ? 200 : 404,
          );
        }
        for (const c of CAMERAS) {
          const allowed = AREA[user]!.includes(c.unit);
          expect((await h.request('GET', `/api/cameras/${c.id}/snapshots`, { user })).statusCode, c.id).toBe(allowed ? 200 : 404);
          expect((await h.request('GET', `/api/cameras/${c.id}/timeline`, { user })).statusCode, c.id).toBe(allowed ? 200 : 404);
        }
      });

      it('sends exactly the commands its role permits, to its own stations, and reads only their commands', async () => {
        const role = USERS[user]!.role;
        for (const s of STATIONS) {
          const inArea = AREA[user]!.includes(s.unit);
          expect((await h.request('GET', `/api/stations/${s.id}/commands`, { user })).statusCode, s.id).toBe(inArea ? 200 : 404);
          for (const kind of ['snapshot', 'reload_config'] as const) {
            const before = published.length;
            const res = await h.request('POST', `/api/stations/${s.id}/commands`, { user, body: { kind } });
            // The route needs command.inspect before anything is read; then the area (404), then the kind's own permission.
            const expected = !roleCan(role, 'command.inspect') ? 403 : !inArea ? 404 : roleCan(role, COMMAND_PERMISSION[kind]) ? 200 : 403;
            expect(res.statusCode, `${kind} to ${s.id}`).toBe(expected);
            expect(published.length - before, `${kind} to ${s.id} published`).toBe(expected === 200 ? 1 : 0);
          }
        }
        // Every station's newest command (sent by the admin) is readable exactly within the area.
        for (const s of STATIONS) {
          const sent = await h.request('POST', `/api/stations/${s.id}/commands`, { user: 'admin', body: { kind: 'reprobe' } });
          expect(sent.statusCode).toBe(200);
          const id = (sent.json() as { id: string }).id;
          expect((await h.request('GET', `/api/commands/${id}`, { user })).statusCode, `command of ${s.id}`).toBe(
            AREA[user]!.includes(s.unit) ? 200 : 404,
          );
        }
      });

      it("accepts a camera's view and flags its aim exactly where its role and area allow", async () => {
        const role = USERS[user]!.role;
        for (const c of FIXTURE.cameras) {
          const inArea = AREA[user]!.includes(CAMERAS.find((x) => x.id === c.id)!.unit);
          const before = published.length;
          const res = await h.request('POST', `/api/stations/${c.stationId}/commands`, {
            user,
            body: { kind: 'accept_reference', cameraId: c.id },
          });
          const expected = !roleCan(role, 'command.inspect') ? 403 : !inArea ? 404 : roleCan(role, 'reference.accept') ? 200 : 403;
          expect(res.statusCode, `accept_reference ${c.id}`).toBe(expected);
          expect(published.length - before).toBe(expected === 200 ? 1 : 0);
          // The hub's own command is not for people.
          const restore = await h.request('POST', `/api/stations/${c.stationId}/commands`, {
            user,
            body: { kind: 'restore_reference', cameraId: c.id },
          });
          expect(restore.statusCode, `restore_reference ${c.id}`).toBe(!roleCan(role, 'command.inspect') ? 403 : 400);

          const flag = await h.request('PUT', `/api/cameras/${c.id}/aim-flag`, { user, body: { note: `aimed at the sky (${user})` } });
          const flagExpected = !roleCan(role, 'camera.flag') ? 403 : !inArea ? 404 : 200;
          expect(flag.statusCode, `aim flag ${c.id}`).toBe(flagExpected);
          if (flagExpected !== 200) continue;
          const panel = (await h.request('GET', `/api/stations/${c.stationId}`, { user })).json() as {
            cameras: { id: string; aimFlag: { note: string; flaggedBy: string } | null }[];
          };
          expect(panel.cameras.find((x) => x.id === c.id)!.aimFlag).toMatchObject({ note: `aimed at the sky (${user})`, flaggedBy: user });
          expect((await h.request('DELETE', `/api/cameras/${c.id}/aim-flag`, { user })).statusCode).toBe(200);
          expect((await h.request('DELETE', `/api/cameras/${c.id}/aim-flag`, { user })).statusCode).toBe(404);
        }
      });

      it('sees and edits exactly the work orders of its area (viewers read only)', async () => {
        const list = await h.request('GET', '/api/work-orders', { user });
        expect(list.statusCode).toBe(200);
        // Earlier users' camera orders add to the station orders: the set of stations is what must match.
        const items = (list.json() as { items: { stationId: string }[] }).items;
        expect([...new Set(items.map((o) => o.stationId))].sort()).toEqual(mine());
        const csv = await h.request('GET', '/api/work-orders/export.csv', { user });
        expect(csv.body.trim().split('\r\n')).toHaveLength(items.length + 1);
        const printed = await h.request('GET', '/api/work-orders/export.html', { user });
        expect(printed.statusCode).toBe(200);
        expect(printed.body.match(/<tr><td>\d+<\/td>/g) ?? []).toHaveLength(items.length);
        // The repair report: the top of the area by default; a commune outside it answers 404.
        const report = `/api/reports/work-orders?${days}`;
        expect((await h.request('GET', report, { user })).statusCode).toBe(200);
        expect((await h.request('GET', `${report}&unitId=C3`, { user })).statusCode).toBe(AREA[user]!.includes('C3') ? 200 : 404);
        const writer = roleCan(USERS[user]!.role, 'workorder.write');
        for (const s of STATIONS) {
          const inArea = AREA[user]!.includes(s.unit);
          const id = orderIds[s.id]!;
          expect((await h.request('GET', `/api/work-orders/${id}`, { user })).statusCode, s.id).toBe(inArea ? 200 : 404);
          expect((await h.request('GET', `/api/work-orders/${id}/print.html`, { user })).statusCode, s.id).toBe(inArea ? 200 : 404);
          const assignees = await h.request('GET', `/api/work-orders/${id}/assignees`, { user });
          expect(assignees.statusCode, `assignees of ${s.id}`).toBe(!writer ? 403 : inArea ? 200 : 404);
          const patch = await h.request('PATCH', `/api/work-orders/${id}`, { user, body: { notes: `by ${user}` } });
          expect(patch.statusCode, `PATCH order of ${s.id}`).toBe(!writer ? 403 : inArea ? 200 : 404);
          const create = await h.request('POST', '/api/work-orders', { user, body: { stationId: s.id, cameraId: `${s.id}-1` } });
          // Past authorization and area, the station's first camera has no open order yet: 200 once, then 409.
          expect([!writer ? 403 : inArea ? 200 : 404, ...(writer && inArea ? [409] : [])], `POST order for ${s.id}-1`).toContain(
            create.statusCode,
          );
        }
      });

      it('sees, registers, edits and erases exactly the private cameras of its area; owners only with the contact permission', async () => {
        const role = USERS[user]!.role;
        const [reader, writer, contact] = (['private_camera.read', 'private_camera.write', 'private_camera.contact'] as const).map((p) =>
          roleCan(role, p),
        );
        const list = await h.request('GET', '/api/private-cameras', { user });
        expect(list.statusCode).toBe(reader ? 200 : 403);
        if (reader) {
          const items = (list.json() as { items: { unitId: string; owner: unknown }[] }).items;
          expect([...new Set(items.map((c) => c.unitId))].sort()).toEqual(AREA[user]);
          expect(items.every((c) => c.owner === null)).toBe(true);
        }
        // The map layer's positions: the same cameras as the list (same permission, same area), positions only.
        const positions = await h.request('GET', '/api/private-cameras/positions', { user });
        expect(positions.statusCode).toBe(reader ? 200 : 403);
        if (reader) {
          const listed = (list.json() as { items: { lat: number }[] }).items;
          const p = positions.json() as { lat: number[]; total: number };
          expect(p.total).toBe(listed.length);
          expect([...p.lat].sort()).toEqual(listed.map((c) => c.lat).sort());
        }
        const owners = await h.request('GET', '/api/private-cameras?contact=true', { user });
        expect(owners.statusCode).toBe(reader && contact ? 200 : 403);
        // The import's blank template holds no data of any area: whoever may import may have it.
        for (const url of ['/api/private-cameras/template.csv', '/api/private-cameras/template.xlsx?lang=en'])
          expect((await h.request('GET', url, { user })).statusCode, url).toBe(writer ? 200 : 403);
        for (const unit of ['C1', 'C2', 'C3']) {
          const inArea = AREA[user]!.includes(unit);
          const id = privateIds[unit]!;
          const url = `/api/private-cameras/${id}`;
          expect((await h.request('GET', url, { user })).statusCode, `GET ${unit}`).toBe(!reader ? 403 : inArea ? 200 : 404);
          expect((await h.request('GET', `${url}?contact=true`, { user })).statusCode, `GET ${unit} contact`).toBe(
            !reader || !contact ? 403 : inArea ? 200 : 404,
          );
          const expected = !writer ? 403 : inArea ? 200 : 404;
          expect((await h.request('PATCH', url, { user, body: { bearingDeg: 10 } })).statusCode, `PATCH ${unit}`).toBe(expected);
          const create = await h.request('POST', '/api/private-cameras', { user, body: { ...HOUSE, unitId: unit } });
          expect(create.statusCode, `POST in ${unit}`).toBe(expected);
          // Connecting a recorder needs live_connection consent (the fixture's owner agreed to less): 409 past authorization and area.
          const connect = await h.request('PUT', `${url}/connection`, { user, body: { rtspUrl: 'rtsp://192.0.2.1:554/ch1' } });
          expect(connect.statusCode, `PUT connection ${unit}`).toBe(!writer ? 403 : inArea ? 409 : 404);
          expect((await h.request('DELETE', `${url}/connection`, { user })).statusCode, `DELETE connection ${unit}`).toBe(expected);
          const doomed = await registerPrivate(unit);
          const erase = await h.request('POST', `/api/private-cameras/${doomed}/erase`, { user, body: { reason: 'owner request' } });
          expect(erase.statusCode, `erase in ${unit}`).toBe(expected);
        }
      });

      it('reads the programme report of exactly its area, in JSON, CSV and HTML', async () => {
        const period = `period=month&date=${today}`;
        const reader = roleCan(USERS[user]!.role, 'report.read');
        const res = await h.request('GET', `/api/reports/programme?${period}`, { user });
        expect(res.statusCode).toBe(reader ? 200 : 403);
        for (const ext of ['csv', 'html'])
          expect((await h.request('GET', `/api/reports/programme.${ext}?${period}`, { user })).statusCode, ext).toBe(reader ? 200 : 403);
        expect((await h.request('GET', `/api/reports/programme?${period}&unitId=C3`, { user })).statusCode).toBe(
          !reader ? 403 : AREA[user]!.includes('C3') ? 200 : 404,
        );
        if (!reader) return;
        const units = (res.json() as { units: { unitId: string; leafUnits: number }[] }).units;
        // The leaves of the tree it sees are its communes, no more, no fewer.
        const leaves = units.filter((u) => /^C/.test(u.unitId)).map((u) => u.unitId);
        expect(leaves.sort()).toEqual(AREA[user]);
        expect(units[0]!.leafUnits).toBe(AREA[user]!.length);
      });

      it('reads road coverage of exactly its area, per road and per unit', async () => {
        const units = await h.request('GET', '/api/coverage/units', { user });
        expect(units.statusCode).toBe(200);
        expect((units.json() as { unitId: string }[]).map((u) => u.unitId)).toEqual(AREA[user]);
        const roads = await h.request('GET', '/api/coverage/roads', { user });
        expect(roads.statusCode).toBe(200);
        const ids = (roads.json() as { roads: { id: string }[] }).roads.map((r) => r.id).sort();
        // QL1 crosses C1 and C2; the local road lies in C3.
        const expected = [
          ...(AREA[user]!.some((u) => u === 'C1' || u === 'C2') ? ['QL1'] : []),
          ...(AREA[user]!.includes('C3') ? ['Đường xã@C3'] : []),
        ];
        expect(ids).toEqual(expected.sort());
        expect((await h.request('GET', '/api/coverage/roads?unitId=C3', { user })).statusCode).toBe(AREA[user]!.includes('C3') ? 200 : 404);
      });

      it('investigates exactly where its role and area allow, and is answered with cameras of its area only', async () => {
        const role = USERS[user]!.role;
        const now = Date.now();
        for (const s of FIXTURE.stations) {
          const inArea = AREA[user]!.includes(s.unitId);
          // At a station's own position both its cameras see the spot (their own position counts as seen).
          const res = await h.request('GET', `/api/investigations?route=${s.lat},${s.lon}&from=${now - 3_600_000}&to=${now}`, { user });
          const expected = !roleCan(role, 'investigation.run') || !inArea ? 403 : 200;
          expect(res.statusCode, `investigate at ${s.id}`).toBe(expected);
          if (expected !== 200) continue;
          const cameras = (res.json() as { programmeCameras: { cameraId: string; unitId: string }[] }).programmeCameras;
          expect(cameras.map((c) => c.cameraId).sort(), s.id).toEqual([`${s.id}-1`, `${s.id}-2`]);
          for (const ext of ['print.html', 'export.csv'])
            expect(
              (await h.request('GET', `/api/investigations/${ext}?route=${s.lat},${s.lon}&from=${now - 3_600_000}&to=${now}`, { user }))
                .statusCode,
              ext,
            ).toBe(200);
        }
      });

      it('is allowed exactly the writes its role permits', async () => {
        for (const w of WRITES) {
          const res = await h.request(w.method, w.url, { user, ...(w.body === undefined ? {} : { body: w.body }) });
          const permitted = roleCan(USERS[user]!.role, w.permission);
          if (permitted) expect(res.statusCode, `${w.method} ${w.url}`).not.toBe(403);
          else expect(res.statusCode, `${w.method} ${w.url}`).toBe(403);
          expect(res.statusCode, `${w.method} ${w.url}`).toBeLessThan(500);
        }
      });
    });
  }
});
