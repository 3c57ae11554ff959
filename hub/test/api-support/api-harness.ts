import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type LightMyRequestResponse, type RawServerDefault } from 'fastify';
import { pino, type Logger } from 'pino';
import { Registry } from 'prom-client';
import type { UserRole } from '@camwatch/config';
import type { Db } from '../../src/db/db.ts';
import { importInventory } from '../../src/inventory/inventory-import.ts';
import { DEFAULT_API_CONFIG, type ApiConfig, type ApiDeps } from '../../src/http/api-deps.ts';
import { hashPassword } from '../../src/auth/password-hasher.ts';
import { UserRepository } from '../../src/users/user-repository.ts';
import { LiveBus } from '../../src/live/live-bus.ts';
import { SnapshotFiles } from '../../src/snapshots/snapshot-files.ts';
import { UptimeService } from '../../src/uptime/index.ts';
import { postgresTarget, type DbTarget } from '../support/databases.ts';
import { FIXTURE } from './fixture-inventory.ts';
import { mountApi } from './mount-api.ts';

export const PASSWORD = 'correct-horse-battery';

/** One user per role, each scoped as the authorization matrix expects. */
export const USERS: Record<string, { role: UserRole; unitIds: string[] }> = {
  admin: { role: 'province_admin', unitIds: [] },
  viewer: { role: 'province_viewer', unitIds: ['P'] },
  district1: { role: 'district', unitIds: ['D1'] },
  commune1: { role: 'commune', unitIds: ['C1'] },
  commune3: { role: 'commune', unitIds: ['C3'] },
  tech2: { role: 'technician', unitIds: ['C2'] },
};

export interface Harness {
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;
  db: Db;
  deps: ApiDeps;
  dir: string;
  /** Bearer tokens by username (logged in once). */
  tokens: Record<string, string>;
  request(
    method: string,
    url: string,
    opts?: { user?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  config?: Partial<ApiConfig>;
  deps?: Partial<ApiDeps>;
  target?: DbTarget;
  /** Live feed poll period (default 100 ms here, so live tests are quick). */
  liveFeedPollMs?: number | null;
}

/** A real PostgreSQL, the fixture inventory, one user per role, and the API on a fastify instance (inject, no socket). */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const { config = {}, deps: extra = {}, target = postgresTarget() } = opts;
  const db = await target.open();
  await importInventory(db, FIXTURE, new Date('2024-01-01T00:00:00Z'));
  const dir = await mkdtemp(join(tmpdir(), 'camwatch-api-'));
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const deps: ApiDeps = {
    db,
    logger,
    registry: new Registry(),
    uptime: new UptimeService(db),
    snapshots: new SnapshotFiles(join(dir, 'snapshots')),
    live: new LiveBus(),
    config: { ...DEFAULT_API_CONFIG, ...config },
    ...extra,
  };
  const app = Fastify({ loggerInstance: logger });
  await mountApi(app as unknown as FastifyInstance, deps, {
    liveFeedPollMs: opts.liveFeedPollMs === undefined ? 100 : opts.liveFeedPollMs,
  });
  await app.ready();
  const users = new UserRepository(db);
  const passwordHash = await hashPassword(PASSWORD);
  for (const [username, u] of Object.entries(USERS))
    await users.create({ username, displayName: username, role: u.role, unitIds: u.unitIds, passwordHash });
  const tokens: Record<string, string> = {};
  for (const username of Object.keys(USERS)) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/token', payload: { username, password: PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    tokens[username] = (res.json() as { token: string }).token;
  }
  return {
    app,
    db,
    deps,
    dir,
    tokens,
    request: (method, url, opts = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        ...(opts.body === undefined ? {} : { payload: opts.body as object }),
        headers: { ...(opts.user ? { authorization: `Bearer ${tokens[opts.user]}` } : {}), ...opts.headers },
      }),
    async close() {
      await app.close();
      await target.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
