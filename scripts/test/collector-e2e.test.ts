import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { privateCameraTargetId, type ProgrammeReport } from '@camwatch/config';
import { LinuxHealthSampler, SqliteOutboxStore, startAgentCore, type AgentCore } from '@camwatch/edge-agent';
import { createRealProber } from '@camwatch/edge-agent/picture';
import { RtspTestServer, waitUntil } from '@camwatch/testkit';
import { launchChromium, type Browser } from './dashboard-browser.ts';
import { signIn, startHubOnPostgres, TEST_PASSWORD, type HubOnPostgres } from './hub-on-postgres.ts';

const HOUR = 3_600_000;
/** The owner's recorder asks for these (digest): the collector can only check it with the credentials the hub sealed and handed on. */
const OWNER = { username: 'chu-nha', password: 'mat-khau-dau-ghi-7' };

type Api = Awaited<ReturnType<HubOnPostgres['api']>>;
interface Connection {
  collectorStationId: string;
  cameraId: string;
  credentialsSet: boolean;
  status: string | null;
}

/**
 * Issue 16 item 4 end to end: real PostgreSQL, the real hub (embedded broker with the stations'
 * ACL rules), the real agent core in collector mode with the real ffmpeg prober, and a real RTSP
 * recorder from GStreamer's RTSP server behind digest authentication.
 */
describe('a collector checks a consenting owner’s recorder; its status shows on the private camera and counts apart', () => {
  let stack: HubOnPostgres;
  let rtsp: RtspTestServer;
  let rtspStopped = false;
  let core: AgentCore | undefined;
  let browser: Browser | undefined;
  /** The commune police's map with the private layer on, kept open so the live stream can change it. */
  let mapPage: Awaited<ReturnType<Browser['page']>> | undefined;
  let store: SqliteOutboxStore | undefined;
  let admin: Api;
  let police: Api;
  let communeId = '';
  let districtId = '';
  let privateId = 0;
  const collectorId = 'COLLECTOR-1';

  const programme = async (): Promise<ProgrammeReport> => {
    const r = await admin('GET', `/api/reports/programme?period=month&date=${new Date().toISOString().slice(0, 10)}&unitId=${districtId}`);
    expect(r.status).toBe(200);
    return r.json as unknown as ProgrammeReport;
  };
  const connection = async (): Promise<Connection | null> => {
    const r = await police('GET', `/api/private-cameras/${privateId}`);
    expect(r.status).toBe(200);
    return (r.json.connection ?? null) as Connection | null;
  };
  /** The programme's own figures of the district: what the collector must never change. */
  const programmeFigures = (r: ProgrammeReport) =>
    r.units.map((u) => ({ unit: u.unitId, stations: u.stations, cameras: u.cameras, working: u.camerasWorking, avail: u.availabilityPct }));

  beforeAll(async () => {
    [stack, rtsp] = await Promise.all([
      startHubOnPostgres({ hubId: 'collector', seed: 11, cameras: 12 }),
      new RtspTestServer(null, OWNER).start(),
    ]);
    const station = stack.inventory.stations[0]!;
    communeId = station.unitId;
    districtId = stack.inventory.units.find((u) => u.id === communeId)!.parentId!;
    await stack.addUser('admin', 'province_admin', []);
    await stack.addUser('police', 'commune', [communeId]);
    admin = await stack.api('admin');
    police = await stack.api('police');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await core?.stop();
    store?.close();
    await stack?.stop();
    if (!rtspStopped) await rtsp?.stop();
  });

  it('a collector station at the district runs the agent core with no cameras of its own', async () => {
    const created = await admin('POST', '/api/stations', {
      id: collectorId,
      name: 'Bộ thu huyện',
      unitId: districtId,
      address: 'Công an huyện',
      lat: 10.6,
      lon: 106.6,
      installedAt: '2026-12-01',
      funding: 'state',
      type: 'collector',
    });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    expect(created.json.type).toBe('collector');
    const secret = (await stack.hub.credentials.createStationCredential(collectorId)).secret;
    store = new SqliteOutboxStore(join(stack.dir, 'collector-outbox.db'));
    const logger = pino({ level: 'silent' });
    core = startAgentCore({
      stationId: collectorId,
      collector: true,
      mqtt: { url: stack.hub.mqttUrl, username: collectorId, password: secret, reconnectMinMs: 100, reconnectMaxMs: 300 },
      prober: createRealProber({ logger }),
      health: new LinuxHealthSampler({ diskPath: stack.dir }),
      cameras: [],
      outbox: store.forStation(collectorId),
      intervals: { healthMs: 5_000, probeMs: 2_000, pictureCheckMs: HOUR, statusRefreshMs: 10_000, snapshotMs: HOUR },
      agentVersion: '0.0.0-e2e',
      logger,
    });
    await waitUntil(() => core!.stats().connected, { timeoutMs: 20_000, what: 'collector connected' });
    expect(core.cameras()).toEqual([]);
  }, 60_000);

  it('the commune police register a camera; its recorder connects only under live_connection consent', async () => {
    const before = programmeFigures(await programme());
    expect((await programme()).connectedPrivate).toMatchObject({ cameras: 0, camerasWorking: 0 });
    const body = {
      unitId: communeId,
      ownerKind: 'household',
      owner: { name: 'Nguyễn Văn A', phone: '0909 000 111', address: 'Ấp 3' },
      lat: 10.61,
      lon: 106.61,
      bearingDeg: 90,
      fovDeg: 80,
      rangeM: 40,
      facesStreet: true,
      recorder: { kind: 'dvr', brand: 'KBVision', daysKept: 14 },
      consent: { date: '2026-12-01', scope: 'footage_contact' },
    };
    const created = await police('POST', '/api/private-cameras', body);
    expect(created.status).toBe(200);
    privateId = created.json.id as number;
    expect(created.json.connection).toBeNull();
    const recorder = { rtspUrl: rtsp.url('ok'), ...OWNER };
    const refused = await police('PUT', `/api/private-cameras/${privateId}/connection`, recorder);
    expect(refused.status).toBe(409);
    expect(String(refused.json.message)).toContain('live_connection');

    expect(
      (await police('PATCH', `/api/private-cameras/${privateId}`, { consent: { date: '2026-12-02', scope: 'live_connection' } })).status,
    ).toBe(200);
    const connected = await police('PUT', `/api/private-cameras/${privateId}/connection`, recorder);
    expect(connected.status, JSON.stringify(connected.json)).toBe(200);
    const conn = connected.json.connection as Connection;
    expect(conn).toMatchObject({ collectorStationId: collectorId, cameraId: privateCameraTargetId(privateId), credentialsSet: true });
    // Secrets go in, never out: not the password, not the recorder's address.
    const text = JSON.stringify(connected.json);
    expect(text).not.toContain(OWNER.password);
    expect(text).not.toContain(`${rtsp.port}`);
    // Sealed at rest too.
    const stored = await stack.hub.db.query<{ credentials_enc: Buffer }>(
      'SELECT credentials_enc FROM private_camera_connections WHERE private_camera_id = $1',
      [privateId],
    );
    expect(stored.rows[0]!.credentials_enc.toString('latin1')).not.toContain(OWNER.password);
    const audit = await stack.hub.db.query<{ action: string; detail: unknown }>(
      `SELECT action, detail FROM audit_log WHERE target_kind = 'private_camera' AND target_id = $1 ORDER BY id`,
      [String(privateId)],
    );
    // (The create and edit answers carried the owner's contact, each read audited too.)
    expect(audit.rows.map((r) => r.action).filter((a) => a !== 'private_camera.contact_read')).toEqual([
      'private_camera.create',
      'private_camera.update',
      'private_camera.connect',
    ]);
    expect(JSON.stringify(audit.rows)).not.toContain(OWNER.password);
    expect(programmeFigures(await programme())).toEqual(before);
  }, 60_000);

  it('the collector picks the recorder up and its status arrives as ok on the private camera; the programme figures stay as they were', async () => {
    const target = privateCameraTargetId(privateId);
    await waitUntil(() => core!.cameras().some((c) => c.cameraId === target), { timeoutMs: 20_000, what: 'collector has the target' });
    const t0 = performance.now();
    await waitUntil(async () => (await connection())?.status === 'ok', {
      timeoutMs: 60_000,
      everyMs: 250,
      what: 'status ok on the private camera',
    });
    const okMs = performance.now() - t0;
    const report = await programme();
    expect(report.connectedPrivate).toMatchObject({ cameras: 1, camerasWorking: 1 });
    // Measured from its stored status since the connection: working since it was first heard.
    expect(report.connectedPrivate.uptimePct).toBe(100);
    // Not a programme camera: no station, camera or working camera more anywhere in the district's rows.
    const district = report.units[0]!;
    const stations = stack.inventory.stations.filter((s) => report.units.some((u) => u.unitId === s.unitId)).map((s) => s.id);
    expect(district.stations).toBe(stations.length);
    expect(district.cameras).toBe(stack.inventory.cameras.filter((c) => stations.includes(c.stationId)).length);
    expect(district.camerasWorking).toBe(0);
    // Nor on the map or in the units' counts: the collector is not a programme station.
    const map = await admin('GET', '/api/map');
    expect(map.status).toBe(200);
    const mapStations = (map.json.stations as { id: string[] }).id;
    expect(mapStations).not.toContain(collectorId);
    expect(mapStations.length).toBe(stack.inventory.stations.length);
    // The separate line in the exports.
    const csv = await fetchText(`/api/reports/programme.csv?period=month&date=${report.from}&unitId=${districtId}`);
    expect(csv).toMatch(/Camera tư nhân kết nối,,Camera tư nhân kết nối,,,,1,1/);
    console.log(JSON.stringify({ test: 'collector-private-status', targetToOkMs: Math.round(okMs) }));
  }, 90_000);

  it('in Chromium, the commune police see the recorder working on the register and the separate line on the programme page', async () => {
    browser = await launchChromium();
    const page = await browser.page({ width: 1366, height: 900 });
    await signIn(page, stack.hub.httpUrl!, 'police');
    const errorsBefore = browser.errors.length;
    await page.goto(`${stack.hub.httpUrl}/#/private-cameras`);
    const status = page.locator(`[data-private-id="${privateId}"] [data-testid=private-connection]`);
    await status.waitFor({ timeout: 20_000 });
    expect(await status.getAttribute('data-status')).toBe('ok');
    expect(await status.textContent()).toContain('Hoạt động tốt');
    await page.goto(`${stack.hub.httpUrl}/#/programme`);
    const line = page.locator('[data-testid=programme-connected-private]');
    await line.waitFor({ timeout: 20_000 });
    expect((await line.textContent())!.replace(/\s+/g, ' ')).toContain('Số camera: 1 · Đang hoạt động: 1');
    // On the map's private layer the connected camera wears its status, as a programme camera does.
    mapPage = await browser.page({ width: 1366, height: 900 });
    await mapPage.goto(`${stack.hub.httpUrl}/#/`);
    await mapPage.waitForSelector('[data-first-render="done"]', { state: 'attached', timeout: 30_000 });
    const box = mapPage.locator('[data-layer=private]');
    if (!(await box.isVisible())) await mapPage.locator('.map-controls-toggle').click();
    await box.check();
    await expect
      .poll(() => mapPage!.locator('.leaflet-container').getAttribute('data-private-status'), { timeout: 10_000 })
      .toBe(`${privateCameraTargetId(privateId)}:ok`);
    expect(browser.errors.slice(errorsBefore)).toEqual([]);
  }, 90_000);

  it('the recorder stops streaming: the private camera shows down and is no longer counted as working', async () => {
    await rtsp.stop();
    rtspStopped = true;
    await waitUntil(async () => (await connection())?.status === 'down', { timeoutMs: 60_000, everyMs: 250, what: 'status down' });
    expect((await programme()).connectedPrivate).toMatchObject({ cameras: 1, camerasWorking: 0 });
    // The open map turned it down through the live stream, without a reload.
    await expect
      .poll(() => mapPage!.locator('.leaflet-container').getAttribute('data-private-status'), { timeout: 15_000 })
      .toBe(`${privateCameraTargetId(privateId)}:down`);
  }, 90_000);

  it('consent withdrawn: the connection goes, the collector drops the target, the count returns to 0', async () => {
    const target = privateCameraTargetId(privateId);
    const lowered = await police('PATCH', `/api/private-cameras/${privateId}`, {
      consent: { date: '2026-12-03', scope: 'footage_contact' },
    });
    expect(lowered.status).toBe(200);
    expect(lowered.json.connection).toBeNull();
    await waitUntil(() => !core!.cameras().some((c) => c.cameraId === target), { timeoutMs: 20_000, what: 'collector dropped the target' });
    expect((await programme()).connectedPrivate).toMatchObject({ cameras: 0, camerasWorking: 0 });
    const audit = await stack.hub.db.query<{ action: string; detail: { reason?: string } }>(
      `SELECT action, detail FROM audit_log WHERE target_id = $1 AND action = 'private_camera.disconnect'`,
      [String(privateId)],
    );
    expect(audit.rows.map((r) => r.detail.reason)).toEqual(['consent withdrawn']);
  }, 60_000);

  async function fetchText(path: string): Promise<string> {
    const login = await fetch(`${stack.hub.httpUrl}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    return (await fetch(`${stack.hub.httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).text();
  }
});
