import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Page } from 'playwright-core';
import type { Inventory, UserRole } from '@camwatch/config';
import { LinuxHealthSampler, SqliteOutboxStore, startAgentCore, staticCameraTarget, type AgentCore } from '@camwatch/edge-agent';
import { createRealProber } from '@camwatch/edge-agent/picture';
import { createHub, hashPassword, UserRepository, type Hub } from '@camwatch/hub';
import { PostgresServer, waitUntil } from '@camwatch/testkit';
import { DASHBOARD_DIST } from '@camwatch/dashboard';
import { ensureDashboardBuilt } from '../src/dashboard-build.ts';
import { generateFleet } from '../src/fleet/generate-fleet.ts';

export const TEST_PASSWORD = 'mat-khau-thu-nghiem-1';

/** A station's agent core with the real ffmpeg prober on one RTSP camera, its outbox in `outboxFile`. */
export interface TestStation {
  core: AgentCore;
  store: SqliteOutboxStore;
  /** Stops the core and closes its outbox (the file stays: a restart on it is a reboot, a new file a reinstall). */
  stop(): Promise<void>;
}

export interface TestStationOptions {
  stationId: string;
  cameraId: string;
  rtspUrl: string;
  outboxFile: string;
  intervals: { healthMs: number; probeMs: number; pictureCheckMs: number; statusRefreshMs: number; snapshotMs: number };
}

export interface HubOnPostgres {
  hub: Hub;
  /** A folder for the test's own files (outboxes, …), removed by `stop`. */
  dir: string;
  inventory: Inventory;
  /** `displayName` defaults to the username (a test of the bar's layout gives a long one). */
  addUser(username: string, role: UserRole, unitIds: string[], displayName?: string): Promise<void>;
  /** Starts a station's agent core against this hub (a fresh broker account each time); resolves once connected. */
  startStation(o: TestStationOptions): Promise<TestStation>;
  /** The API as `username` (a bearer token), for checks beside the browser. */
  api(
    username: string,
  ): Promise<(method: string, path: string, body?: unknown) => Promise<{ status: number; json: Record<string, unknown> }>>;
  stop(): Promise<void>;
}

/**
 * One hub (embedded broker, API, the built dashboard) on its own PostgreSQL with a generated
 * inventory: what the browser and end-to-end tests that bring their own stations start from.
 * No alert engine, no clock beacon; users are added by the test.
 */
/** `geo`: also write the fleet's map layers (units.geojson, roads.geojson) and serve them (GEO_DIR). */
export async function startHubOnPostgres(o: { hubId: string; seed: number; cameras: number; geo?: boolean }): Promise<HubOnPostgres> {
  await ensureDashboardBuilt({ info: (message: string) => console.log(message) });
  const dir = await mkdtemp(join(tmpdir(), `camwatch-${o.hubId}-`));
  const postgres = await new PostgresServer().start();
  const fleet = generateFleet({ seed: o.seed, cameras: o.cameras });
  const geoDir = o.geo ? join(dir, 'geo') : null;
  if (geoDir) {
    await mkdir(geoDir, { recursive: true });
    await writeFile(join(geoDir, 'units.geojson'), JSON.stringify(fleet.geo.units));
    await writeFile(join(geoDir, 'roads.geojson'), JSON.stringify(fleet.geo.roads));
  }
  let hub: Hub;
  try {
    hub = await createHub({
      databaseUrl: postgres.url,
      dataDir: join(dir, 'hub'),
      httpPort: 0,
      mqttPort: 0,
      hubId: o.hubId,
      clockBeaconMs: null,
      logger: pino({ level: 'silent' }),
      api: { bootstrapAdmin: false, alerts: false, ...(geoDir ? { config: { geoDir } } : {}) },
      dashboardDir: DASHBOARD_DIST,
    });
  } catch (err) {
    await postgres.destroy();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const inventory = fleet.inventory;
  await hub.importInventory(inventory);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  return {
    hub,
    dir,
    inventory,
    addUser: async (username, role, unitIds, displayName = username) => {
      await new UserRepository(hub.db).create({ username, displayName, role, unitIds, passwordHash });
    },
    startStation: async (o) => {
      const secret = (await hub.credentials.createStationCredential(o.stationId)).secret;
      const store = new SqliteOutboxStore(join(dir, o.outboxFile));
      const logger = pino({ level: 'silent' });
      const core = startAgentCore({
        stationId: o.stationId,
        mqtt: { url: hub.mqttUrl, username: o.stationId, password: secret, reconnectMinMs: 100, reconnectMaxMs: 300 },
        prober: createRealProber({ logger }),
        health: new LinuxHealthSampler({ diskPath: dir }),
        cameras: [staticCameraTarget({ cameraId: o.cameraId, make: 'test', model: 'gst-rtsp', rtspUrl: o.rtspUrl })],
        outbox: store.forStation(o.stationId),
        intervals: o.intervals,
        agentVersion: '0.0.0-e2e',
        logger,
      });
      const stop = async () => {
        await core.stop();
        store.close();
      };
      try {
        await waitUntil(() => core.stats().connected, { timeoutMs: 20_000, what: 'agent connected to the hub' });
      } catch (err) {
        await stop();
        throw err;
      }
      return { core, store, stop };
    },
    api: async (username) => {
      const login = await fetch(`${hub.httpUrl}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: TEST_PASSWORD }),
      });
      if (login.status !== 200) throw new Error(`token for ${username}: ${login.status}`);
      const token = ((await login.json()) as { token: string }).token;
      return async (method, path, body) => {
        const res = await fetch(`${hub.httpUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: res.status, json: (await res.json()) as Record<string, unknown> };
      };
    },
    stop: async () => {
      await hub.stop();
      await postgres.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login page and waits for the dashboard's first render. */
export async function signIn(page: Page, hubUrl: string, username: string): Promise<void> {
  await page.goto(hubUrl);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-first-render="done"]', { state: 'attached', timeout: 30_000 });
}
