import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Counter } from 'prom-client';
import { USER_ROLES, type Inventory, type UserRole } from '@camwatch/config';
import { PostgresServer, waitUntil } from '@camwatch/testkit';
import { createHub, stationClientId, type Hub, hashPassword, UserRepository } from '@camwatch/hub';
import { generateFleet } from '../../fleet/generate-fleet.ts';

export interface HostileUser {
  username: string;
  password: string;
  role: UserRole;
  /** The commune (or district, for `district`) the user is scoped to; [] for province roles. */
  unitIds: string[];
}

export interface HostileHub {
  hub: Hub;
  postgres: PostgresServer;
  inventory: Inventory;
  /** MQTT secret of each station (embedded broker, per-station credentials). */
  secrets: Map<string, string>;
  users: HostileUser[];
  /** Every line the hub logged (JSON), for the secrets checks. */
  logs: string[];
  httpUrl: string;
  mqttUrl: string;
  clientIdOf(stationId: string): string;
  stop(): Promise<void>;
}

/** Sum of a counter's values whose labels match `labels`. */
export async function counterValue(c: Counter<string>, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await c.get();
  return values.filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val)).reduce((a, v) => a + v.value, 0);
}

/** The shared `waitUntil` in the argument order the hostile tests call it with. */
export const until = (what: string, fn: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> =>
  waitUntil(fn, { what, timeoutMs });

/**
 * A real hub (embedded broker with per-station credentials, HTTP API, real PostgreSQL) on a small
 * generated Long An fleet, with one user per role scoped to two different communes, and its log
 * captured in memory.
 */
export async function startHostileHub(
  opts: { cameras?: number; loginRateLimit?: number; sessionTtlMs?: number } = {},
): Promise<HostileHub> {
  const postgres = await new PostgresServer().start();
  const dir = await mkdtemp(join(tmpdir(), 'camwatch-hostile-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: 'debug', redact: { paths: ['password', '*.password', 'secret', '*.secret'], censor: '[redacted]' } }, sink);
  let hub: Hub | null = null;
  try {
    hub = await createHub({
      databaseUrl: postgres.url,
      dataDir: dir,
      mqttPort: 0,
      httpPort: 0,
      logger,
      clockBeaconMs: null,
      hubId: 'hostile',
      batch: { maxRows: 500, maxDelayMs: 20 },
      sweepEveryMs: 1_000,
      api: {
        bootstrapAdmin: false,
        alerts: false,
        config: {
          ...(opts.loginRateLimit ? { loginRateLimit: opts.loginRateLimit } : {}),
          ...(opts.sessionTtlMs ? { sessionTtlMs: opts.sessionTtlMs } : {}),
        },
      },
    });
    const inventory = generateFleet({ seed: 8, cameras: opts.cameras ?? 24 }).inventory;
    await hub.importInventory(inventory);
    const secrets = new Map<string, string>();
    for (const s of inventory.stations) secrets.set(s.id, (await hub.credentials.createStationCredential(s.id)).secret);
    const users = await createUsers(hub, inventory);
    const running = hub;
    return {
      hub: running,
      postgres,
      inventory,
      secrets,
      users,
      logs,
      httpUrl: running.httpUrl!,
      mqttUrl: running.mqttUrl,
      clientIdOf: stationClientId,
      async stop() {
        await running.stop();
        await postgres.destroy();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await hub?.stop();
    await postgres.destroy();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** One user per role in commune A's area (district for `district`), and a commune user of commune B. */
async function createUsers(hub: Hub, inventory: Inventory): Promise<HostileUser[]> {
  const communes = [...new Set(inventory.stations.map((s) => s.unitId))];
  const [a, b] = communes;
  if (!a || !b) throw new Error('the hostile fleet needs stations in two communes');
  const districtOf = (unitId: string) => inventory.units.find((u) => u.id === unitId)!.parentId!;
  const scope = (role: UserRole, commune: string): string[] =>
    role === 'province_admin' || role === 'province_viewer' ? [] : role === 'district' ? [districtOf(commune)] : [commune];
  const users: HostileUser[] = USER_ROLES.map((role) => ({
    username: `u-${role.replace('_', '-')}`,
    password: `pw-${role}-${Math.random().toString(36).slice(2)}`,
    role,
    unitIds: scope(role, a),
  }));
  users.push({ username: 'u-commune-b', password: `pw-commune-b-${Math.random().toString(36).slice(2)}`, role: 'commune', unitIds: [b] });
  const repo = new UserRepository(hub.db);
  for (const u of users)
    await repo.create({
      username: u.username,
      displayName: u.username,
      role: u.role,
      unitIds: u.unitIds,
      passwordHash: await hashPassword(u.password),
    });
  return users;
}
