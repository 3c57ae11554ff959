import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Inventory, UserRole } from '@camwatch/config';
import { PostgresServer } from '@camwatch/testkit';
import { DASHBOARD_DIST } from '@camwatch/dashboard';
import { createHub, type Hub, hashPassword, UserRepository, provisionCredentialsFile } from '@camwatch/hub';
import { PgDb } from '@camwatch/hub/testing';
import { FleetShards } from '../src/chaos/fleet-shards.ts';
import { ensureDashboardBuilt } from '../src/dashboard-build.ts';
import { generateFleet } from '../src/fleet/generate-fleet.ts';
import { writeFleet } from '../src/fleet/write-fleet.ts';

export const PASSWORD = 'mat-khau-thu-nghiem-1';
/**
 * Agent cadences for the test: a dead camera is found at the next probe (≤ 5 s) once its check
 * times out (3 s), so within one 10 s heartbeat. Snapshots stay rare: the simulated JPEG
 * encoding is the costliest part of the fleet.
 */
export const INTERVALS = { healthMs: 10_000, probeMs: 5_000, pictureCheckMs: 300_000, statusRefreshMs: 300_000, snapshotMs: 300_000 };
export const CHECK_TIMEOUT_MS = 3_000;

export interface DashboardStack {
  url: string;
  hub: Hub;
  /** The simulated fleet, in a process of its own (see startDashboardStack). */
  fleet: FleetShards;
  inventory: Inventory;
  /** The commune the commune user is scoped to (one with several stations). */
  communeId: string;
  users: { admin: string; province: string; commune: string };
  stop(): Promise<void>;
}

/**
 * The real thing, as `pnpm start` runs it: PostgreSQL, the hub (embedded broker, ingest,
 * status, the whole API under /api), the generated Long An fleet imported, and the simulated
 * fleet (one real agent core per station) publishing to it; the hub serves the built dashboard at `/`.
 * The fleet runs in its own process, as stations do: in the hub's process its 670 agents and
 * their SQLite outbox would share one event loop with the ingest, and the hub's lag would be
 * the simulator's.
 */
export async function startDashboardStack(): Promise<DashboardStack> {
  await ensureDashboardBuilt({ info: (message: string) => console.log(message) });
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.splice(0).reverse()) await fn();
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), 'camwatch-dash-e2e-'));
    stops.push(() => rm(dir, { recursive: true, force: true }));
    const pg = await new PostgresServer().start();
    stops.push(() => pg.destroy());
    const db = await PgDb.connect(pg.url);
    stops.push(() => db.close());

    const { inventory, ...generated } = generateFleet({ seed: 1 });
    await writeFleet({ inventory, ...generated }, dir);
    const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'error' });
    const hub = await createHub({
      db,
      logger,
      dataDir: dir,
      snapshotDir: join(dir, 'snapshots'),
      httpPort: 0,
      mqttPort: 0,
      hubId: 'e2e',
      sweepEveryMs: 2_000,
      api: { bootstrapAdmin: false, config: { geoDir: dir, heartbeatMs: INTERVALS.healthMs }, alerts: { evaluateEveryMs: 2_000 } },
      dashboardDir: DASHBOARD_DIST,
    });
    stops.push(() => hub.stop());
    await hub.importInventory(inventory);

    // The commune user's commune: the one with the most stations, so the map has something to show.
    const perUnit = new Map<string, number>();
    for (const s of inventory.stations) perUnit.set(s.unitId, (perUnit.get(s.unitId) ?? 0) + 1);
    const communeId = [...perUnit.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    const province = inventory.units.find((u) => u.parentId === null)!;
    const users = new UserRepository(db);
    const passwordHash = await hashPassword(PASSWORD);
    const make = (username: string, role: UserRole, unitIds: string[], displayName: string) =>
      users.create({ username, displayName, role, unitIds, passwordHash });
    await make('tinh.quantri', 'province_admin', [province.id], 'Quản trị tỉnh');
    await make('tinh.canbo', 'province_viewer', [province.id], 'Cán bộ tỉnh');
    await make('xa.congan', 'commune', [communeId], 'Công an xã');

    const credentialsFile = join(dir, 'station-credentials.json');
    await provisionCredentialsFile(
      hub.credentials,
      inventory.stations.map((s) => s.id),
      credentialsFile,
    );
    const inventoryFile = join(dir, 'inventory.json');
    await writeFile(inventoryFile, JSON.stringify(inventory));
    const fleet = new FleetShards(inventory, dir, 1, {
      inventoryFile,
      credentialsFile,
      ledger: false,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'error',
      mqttUrl: hub.mqttUrl,
      seed: 1,
      intervals: INTERVALS,
      limits: { checkTimeoutMs: CHECK_TIMEOUT_MS },
      startSpreadMs: 5_000,
    });
    stops.push(async () => {
      await fleet.stop();
      await fleet.close();
    });
    await fleet.start();
    await untilCommuneOnline(hub, communeId, 240_000);
    await untilSettled(fleet, 120_000);
    return {
      url: hub.httpUrl!,
      hub,
      fleet,
      inventory,
      communeId,
      users: { admin: 'tinh.quantri', province: 'tinh.canbo', commune: 'xa.congan' },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Six hundred stations connecting at once replay their outboxes: on a small machine the hub
 * takes a minute or two to catch up. Tests start once the commune's stations are all online.
 */
async function untilCommuneOnline(hub: Hub, communeId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await hub.db.query<{ total: number; online: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE l.state = 'online')::int AS online
         FROM stations s LEFT JOIN station_liveness l ON l.station_id = s.id WHERE s.unit_id = $1`,
      [communeId],
    );
    const { total, online } = r.rows[0]!;
    if (total > 0 && online === total) return;
    if (Date.now() > deadline) throw new Error(`commune ${communeId}: ${online}/${total} stations online after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Steady state: the stations' outboxes are drained (the start-up replay has reached the hub). */
async function untilSettled(fleet: FleetShards, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  while (calm < 3) {
    const { outboxPending, connected, stations } = await fleet.stats();
    calm = outboxPending < 100 && connected === stations ? calm + 1 : 0;
    if (Date.now() > deadline)
      throw new Error(`fleet not settled after ${timeoutMs} ms: ${outboxPending} messages pending, ${connected}/${stations} connected`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
