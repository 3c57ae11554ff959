import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CAMERA_MAP_STATUSES,
  STATION_LIVENESS,
  parseInventoryYaml,
  toInventoryYaml,
  type MapPayload,
  type StationDetail,
  type UnitsResponse,
} from '@camwatch/config';
import { SnapshotLinks } from '../src/snapshots/snapshot-links.ts';
import { CredentialService } from '../src/credentials/credential-service.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { fakeJpeg, seedStatus } from './api-support/seed-status.ts';

describe('API: map, units, stations, cameras, snapshots, repair queue, credentials', () => {
  let h: Harness;
  let seeded: { downSince: number; offlineSince: number };
  beforeAll(async () => {
    h = await startHarness();
    seeded = await seedStatus(h.db, h.deps.snapshots);
  });
  afterAll(() => h?.close());

  it('serves the map scoped to the user, with status codes', async () => {
    const mine = (await h.request('GET', '/api/map', { user: 'commune1' })).json() as MapPayload;
    expect(mine.stations.id).toEqual(['ST-C1-A', 'ST-C1-B']);
    expect(mine.cameras.id).toEqual(['ST-C1-A-1', 'ST-C1-A-2', 'ST-C1-B-1', 'ST-C1-B-2']);
    expect(mine.stations.status.map((s) => STATION_LIVENESS[s])).toEqual(['online', 'never']);
    expect(mine.cameras.status.map((s) => CAMERA_MAP_STATUSES[s])).toEqual(['ok', 'down', 'unknown', 'unknown']);
    expect(mine.stations.worstCameraStatus.map((s) => CAMERA_MAP_STATUSES[s])).toEqual(['down', 'unknown']);
    expect(mine.cameras.since[1]).toBe(seeded.downSince);
    expect(mine.roadSigns.id).toEqual(['RS-1']);
    const all = (await h.request('GET', '/api/map', { user: 'viewer' })).json() as MapPayload;
    expect(all.stations.id).toHaveLength(4);
    expect(all.cameras.id).toHaveLength(8);
    expect(all.stations.status[all.stations.id.indexOf('ST-C2-A')]).toBe(STATION_LIVENESS.indexOf('offline'));
  });

  it('lists my units with ancestors for breadcrumbs and counts of what I may see', async () => {
    const { units } = (await h.request('GET', '/api/units', { user: 'commune1' })).json() as UnitsResponse;
    expect(units.map((u) => [u.id, u.inScope]).sort()).toEqual([
      ['C1', true],
      ['D1', false],
      ['P', false],
    ]);
    const c1 = units.find((u) => u.id === 'C1')!;
    expect(c1).toMatchObject({ stations: 2, cameras: 4, camerasOk: 1, camerasDown: 1, camerasUnknown: 2 });
    expect(c1.uptime7dPct).toBeGreaterThan(50);
    expect(c1.uptime7dPct).toBeLessThan(100);
    expect(units.find((u) => u.id === 'D1')!.uptime7dPct).toBeNull();
  });

  it('shows a station in scope with signed snapshot URLs, and 404 outside scope', async () => {
    expect((await h.request('GET', '/api/stations/ST-C2-A', { user: 'commune1' })).statusCode).toBe(404);
    expect((await h.request('GET', '/api/stations/NOPE', { user: 'admin' })).statusCode).toBe(404);
    const res = await h.request('GET', '/api/stations/ST-C1-A', { user: 'commune1' });
    expect(res.statusCode).toBe(200);
    const s = res.json() as StationDetail;
    expect(s).toMatchObject({ id: 'ST-C1-A', status: 'online', unitName: 'Xã Mỹ Lộc' });
    expect(s.cameras.map((c) => [c.id, c.status, c.cause])).toEqual([
      ['ST-C1-A-1', 'ok', null],
      ['ST-C1-A-2', 'down', 'unreachable'],
    ]);
    expect(s.cameras[0]!.uptime24hPct).toBe(100);
    expect(s.cameras[0]!.latestSnapshot?.url).toMatch(/^\/api\/snapshots\/[A-Za-z0-9_-]{35}\.[A-Za-z0-9_-]{22}$/);
    // Codes, not text: the dashboard names them in the reader's language.
    expect(s.events.filter((e) => e.kind === 'camera_status' && e.cameraId === 'ST-C1-A-2').map((e) => [e.status, e.cause])).toContainEqual(
      ['down', 'unreachable'],
    );
  });

  it('serves a snapshot only to the user it was signed for, audits the view, refuses tampering and expiry', async () => {
    const ref = (await h.request('GET', '/api/cameras/ST-C1-A-2/snapshots/latest', { user: 'commune1' })).json() as { url: string };
    const img = await h.request('GET', ref.url, { user: 'commune1' });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect(img.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect([fakeJpeg(3), fakeJpeg(4)].some((j) => j.equals(img.rawPayload))).toBe(true);
    // The same URL in another user's hands (even an admin's) is not a snapshot.
    expect((await h.request('GET', ref.url, { user: 'admin' })).statusCode).toBe(404);
    expect((await h.request('GET', ref.url)).statusCode).toBe(401);
    const [body, sig] = ref.url.slice('/api/snapshots/'.length).split('.') as [string, string];
    // Walking to another snapshot id with the same signature fails.
    const raw = Buffer.from(body, 'base64url');
    raw.writeUIntBE(raw.readUIntBE(0, 6) - 1, 0, 6);
    const forged = raw.toString('base64url');
    expect((await h.request('GET', `/api/snapshots/${forged}.${sig}`, { user: 'commune1' })).statusCode).toBe(404);
    const stale = await new SnapshotLinks(h.db, 1000, () => Date.now() - 3_600_000).url(
      1,
      (await h.request('GET', '/api/users', { user: 'admin' })).json().items.find((u: { username: string }) => u.username === 'commune1')
        .id,
    );
    expect((await h.request('GET', stale, { user: 'commune1' })).json().code).toBe('CW_ERR_LINK_EXPIRED');
    const audit = (await h.request('GET', '/api/audit?action=snapshot.view', { user: 'admin' })).json().items as {
      username: string;
      targetId: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ username: 'commune1', targetId: 'ST-C1-A-2' });
    // Another commune's camera: no URLs at all.
    expect((await h.request('GET', '/api/cameras/ST-C3-A-1/snapshots', { user: 'commune1' })).statusCode).toBe(404);
    const history = (await h.request('GET', '/api/cameras/ST-C3-A-1/snapshots?limit=5', { user: 'commune3' })).json();
    expect(history.items).toHaveLength(2);
    expect(history.items[0].takenAt).toBeGreaterThan(history.items[1].takenAt);
  });

  it('gives a camera timeline with hourly buckets', async () => {
    const t = (await h.request('GET', '/api/cameras/ST-C1-A-2/timeline?range=24h', { user: 'district1' })).json();
    expect(t.buckets).toHaveLength(24);
    expect(t.intervals.map((i: { status: string }) => i.status)).toEqual(['ok', 'down']);
    expect(t.uptimePct).toBeGreaterThan(70);
    expect(t.uptimePct).toBeLessThan(90);
    expect((await h.request('GET', '/api/cameras/ST-C1-A-2/timeline?range=1y', { user: 'district1' })).statusCode).toBe(400);
  });

  it('lists the repair queue longest outage first, with the last good snapshot', async () => {
    const items = (await h.request('GET', '/api/repair-queue', { user: 'district1' })).json().items as {
      cameraId: string;
      status: string;
      since: number;
      lastGoodSnapshot: { takenAt: number } | null;
    }[];
    expect(items.map((i) => [i.cameraId, i.status])).toEqual([
      ['ST-C1-A-2', 'down'],
      ['ST-C2-A-1', 'unknown'],
      ['ST-C2-A-2', 'unknown'],
    ]);
    expect(items[0]!.lastGoodSnapshot!.takenAt).toBeLessThanOrEqual(seeded.downSince);
    expect((await h.request('GET', '/api/repair-queue', { user: 'commune3' })).json().items).toEqual([]);
  });

  it('issues, lists and revokes station credentials that the embedded broker accepts', async () => {
    expect((await h.request('POST', '/api/stations/ST-C2-A/credentials', { user: 'commune1', body: {} })).statusCode).toBe(403);
    expect((await h.request('POST', '/api/stations/ST-C1-A/credentials', { user: 'tech2', body: {} })).statusCode).toBe(404);
    const issued = await h.request('POST', '/api/stations/ST-C2-A/credentials', { user: 'tech2', body: {} });
    expect(issued.statusCode).toBe(200);
    const { password, credentialId, username } = issued.json() as { password: string; credentialId: number; username: string };
    expect(username).toBe('ST-C2-A');
    const broker = new CredentialService(h.db);
    expect(await broker.verifyStation('ST-C2-A', password)).toBe(true);
    expect(await broker.verifyStation('ST-C3-A', password)).toBe(false);
    const list = (await h.request('GET', '/api/stations/ST-C2-A/credentials', { user: 'tech2' })).json();
    expect(list.items).toEqual([{ id: credentialId, createdAt: expect.any(Number), revokedAt: null }]);
    expect(JSON.stringify(list)).not.toContain(password);
    expect((await h.request('DELETE', `/api/stations/ST-C2-A/credentials/${credentialId}`, { user: 'tech2' })).statusCode).toBe(200);
    expect(await broker.verifyStation('ST-C2-A', password)).toBe(false);
    const actions = (await h.request('GET', '/api/audit?targetId=ST-C2-A', { user: 'admin' }))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['credentials.revoke', 'credentials.create']);
  });

  it('provisions a station with a one-time claim code', async () => {
    const { code } = (await h.request('POST', '/api/stations/ST-C3-A/claim-codes', { user: 'admin' })).json() as { code: string };
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const typed = ` ${code.toLowerCase().replace('-', ' ')} `;
    const claimed = await h.request('POST', '/api/provision/claim', { body: { code: typed } });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ stationId: 'ST-C3-A', username: 'ST-C3-A', mqttUrl: expect.stringMatching(/^mqtt:/) });
    expect(await new CredentialService(h.db).verifyStation('ST-C3-A', claimed.json().password)).toBe(true);
    const again = await h.request('POST', '/api/provision/claim', { body: { code } });
    expect(again.statusCode).toBe(410);
    expect((await h.request('POST', '/api/provision/claim', { body: { code: 'AAAA-AAAA' } })).statusCode).toBe(410);
  });

  it('adds, moves and retires stations and cameras, keeping unit history', async () => {
    const station = {
      id: 'ST-NEW',
      name: 'Trạm mới',
      unitId: 'C3',
      address: 'Ấp 2',
      lat: 10.7,
      lon: 106.7,
      installedAt: '2024-03-01',
      funding: 'state',
    };
    expect((await h.request('POST', '/api/stations', { user: 'commune3', body: station })).statusCode).toBe(403);
    expect((await h.request('POST', '/api/stations', { user: 'tech2', body: station })).statusCode).toBe(400);
    // A station named in a body outside the caller's area reads like an unknown one: that field, 400, nothing written.
    const elsewhere = {
      id: 'ST-C1-A-9',
      stationId: 'ST-C1-A',
      make: 'Dahua',
      model: 'X',
      rtspUrl: 'rtsp://192.0.2.9/1',
      bearingDeg: 10,
      fovDeg: 80,
      rangeM: 40,
    };
    for (const [url, body] of [
      ['/api/cameras', elsewhere],
      ['/api/maintenance', { stationId: 'ST-C1-A', startsAt: Date.now(), endsAt: Date.now() + 3_600_000, reason: 'x' }],
    ] as const) {
      const res = await h.request('POST', url, { user: 'tech2', body });
      expect([res.statusCode, res.json().issues?.map((i: { path: string }) => i.path)], url).toEqual([400, ['body/stationId']]);
    }
    expect(
      (await h.request('PATCH', '/api/cameras/ST-C2-A-1', { user: 'tech2', body: { stationId: 'ST-C1-A' } })).json().issues?.[0]?.path,
    ).toBe('body/stationId');
    const unitElsewhere = await h.request('POST', '/api/maintenance', {
      user: 'tech2',
      body: { unitId: 'C1', startsAt: Date.now(), endsAt: Date.now() + 3_600_000, reason: 'x' },
    });
    expect([unitElsewhere.statusCode, unitElsewhere.json().issues?.[0]?.path]).toEqual([400, 'body/unitId']);
    expect(
      (await h.db.query("SELECT 1 FROM cameras WHERE id = 'ST-C1-A-9' OR (id = 'ST-C2-A-1' AND station_id <> 'ST-C2-A')")).rowCount,
    ).toBe(0);
    expect((await h.request('POST', '/api/stations', { user: 'admin', body: station })).statusCode).toBe(200);
    expect((await h.request('POST', '/api/stations', { user: 'admin', body: station })).statusCode).toBe(409);
    const cam = {
      id: 'ST-NEW-1',
      stationId: 'ST-NEW',
      make: 'Dahua',
      model: 'X',
      rtspUrl: 'rtsp://192.0.2.9/1',
      bearingDeg: 10,
      fovDeg: 80,
      rangeM: 40,
    };
    expect((await h.request('POST', '/api/cameras', { user: 'admin', body: cam })).statusCode).toBe(200);
    expect((await h.request('PATCH', '/api/cameras/ST-NEW-1', { user: 'admin', body: { bearingDeg: 45 } })).json().bearingDeg).toBe(45);
    expect((await h.request('PATCH', '/api/stations/ST-NEW', { user: 'admin', body: { name: 'Trạm đổi tên' } })).json().name).toBe(
      'Trạm đổi tên',
    );
    expect((await h.request('PATCH', '/api/stations/ST-NEW', { user: 'admin', body: { unitId: 'C1' } })).statusCode).toBe(400);
    const moved = await h.request('POST', '/api/stations/ST-NEW/move', { user: 'admin', body: { unitId: 'C1' } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().items.map((i: { unitId: string; validTo: number | null }) => [i.unitId, i.validTo === null])).toEqual([
      ['C3', false],
      ['C1', true],
    ]);
    expect((await h.request('POST', '/api/stations/ST-NEW/move', { user: 'admin', body: { unitId: 'C1' } })).statusCode).toBe(409);
    expect((await h.request('GET', '/api/map', { user: 'commune1' })).json().stations.id).toContain('ST-NEW');
    expect((await h.request('GET', '/api/map', { user: 'commune3' })).json().stations.id).not.toContain('ST-NEW');
    expect((await h.request('POST', '/api/stations/ST-NEW/retire', { user: 'admin', body: {} })).statusCode).toBe(200);
    expect((await h.request('GET', '/api/stations/ST-NEW', { user: 'admin' })).statusCode).toBe(404);
    const actions = (await h.request('GET', '/api/audit?targetId=ST-NEW', { user: 'admin' }))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['station.retire', 'station.move', 'station.update', 'station.create']);
  });
});

describe('API inventory import and export', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ liveFeedPollMs: null });
  });
  afterAll(() => h?.close());

  it('exports my area as YAML that imports back, and as CSV tables', async () => {
    const yaml = await h.request('GET', '/api/inventory', { user: 'commune1' });
    expect(yaml.headers['content-type']).toMatch(/yaml/);
    const inv = parseInventoryYaml(yaml.body);
    expect(inv.stations.map((s) => s.id)).toEqual(['ST-C1-A', 'ST-C1-B']);
    expect(inv.units.map((u) => u.id).sort()).toEqual(['C1', 'D1', 'P']);
    const csv = await h.request('GET', '/api/inventory?format=csv&entity=cameras', { user: 'district1' });
    expect(csv.body.split('\n')[0]).toBe('id,stationId,make,model,onvifUrl,rtspUrl,bearingDeg,fovDeg,rangeM');
    expect(csv.body.trim().split('\n')).toHaveLength(1 + 6);
    expect((await h.request('GET', '/api/inventory?format=csv', { user: 'admin' })).statusCode).toBe(400);
  });

  it('imports a whole province (moves keep history, missing stations retire), and reports problems with lines', async () => {
    const full = parseInventoryYaml((await h.request('GET', '/api/inventory', { user: 'admin' })).body);
    const next = {
      ...full,
      stations: full.stations.filter((s) => s.id !== 'ST-C3-A').map((s) => (s.id === 'ST-C2-A' ? { ...s, unitId: 'C1' } : s)),
      cameras: full.cameras.filter((c) => c.stationId !== 'ST-C3-A'),
    };
    const res = await h.request('POST', '/api/inventory/import', { user: 'admin', body: { format: 'yaml', text: toInventoryYaml(next) } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ stations: 3, moved: 1, retired: 3 });
    expect((await h.request('GET', '/api/stations/ST-C3-A', { user: 'admin' })).statusCode).toBe(404);
    expect(
      (await h.request('GET', '/api/stations/ST-C2-A/unit-history', { user: 'admin' }))
        .json()
        .items.map((i: { unitId: string }) => i.unitId),
    ).toEqual(['C2', 'C1']);
    const bad = await h.request('POST', '/api/inventory/import', {
      user: 'admin',
      body: { format: 'yaml', text: 'version: 1\nprovince: X\nunits: []\nstations:\n  - id: "bad id"\ncameras: []\nroadSigns: []\n' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('CW_ERR_INVENTORY_INVALID');
    expect(bad.json().issues[0].path).toMatch(/^inventory\.yaml:5/);
    const csvBad = await h.request('POST', '/api/inventory/import', {
      user: 'admin',
      body: {
        format: 'csv',
        province: 'X',
        units: 'id,name,kind,parentId\nP,Tỉnh,province,\n',
        stations: 'id,name\nS1,x\n',
        cameras: 'id\n',
      },
    });
    expect(csvBad.statusCode).toBe(422);
    expect((await h.request('POST', '/api/inventory/import', { user: 'viewer', body: { format: 'yaml', text: '' } })).statusCode).toBe(403);
    const audit = (await h.request('GET', '/api/audit?action=inventory.import', { user: 'admin' })).json().items;
    expect(audit).toHaveLength(1);
  });
});
