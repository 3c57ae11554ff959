import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresServer } from '@camwatch/testkit';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_CONFIG } from '../src/http/api-deps.ts';
import { hashPassword } from '../src/auth/password-hasher.ts';
import { UserRepository } from '../src/users/user-repository.ts';
import { migrate } from '../src/db/migrate.ts';
import { MIGRATIONS } from '../src/db/migrations/index.ts';
import { PgDb } from '../src/db/pg-db.ts';
import { importInventory } from '../src/inventory/inventory-import.ts';
import { LiveBus } from '../src/live/live-bus.ts';
import { SnapshotFiles } from '../src/snapshots/snapshot-files.ts';
import { UptimeService } from '../src/uptime/index.ts';
import { FIXTURE } from './api-support/fixture-inventory.ts';
import { mountApi } from './api-support/mount-api.ts';
import { openSse, summary, until, type SseClient } from './live-support/sse-client.ts';

const PASSWORD = 'mat-khau-hai-hub';
const silent = pino({ level: 'silent' });

interface ApiHub {
  url: string;
  stop(): Promise<void>;
}

/** One hub's API as `createHub` mounts it, on its own pool; its live feed only polls hourly, so events come by NOTIFY. */
async function startApiHub(dbUrl: string, dir: string): Promise<ApiHub> {
  const db = await PgDb.connect(dbUrl);
  const app = Fastify({ loggerInstance: silent });
  await mountApi(
    app as unknown as FastifyInstance,
    {
      db,
      logger: silent,
      registry: new Registry(),
      uptime: new UptimeService(db),
      snapshots: new SnapshotFiles(dir),
      live: new LiveBus(),
      config: DEFAULT_API_CONFIG,
    },
    { liveFeedPollMs: 3_600_000, liveFeedSafetyPollMs: 3_600_000 },
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    stop: async () => {
      await app.close();
      await db.close();
    },
  };
}

describe("two hubs on one database: every hub's live stream shows every change", () => {
  let server: PostgresServer;
  let writer: PgDb;
  let dir: string;
  const hubs: ApiHub[] = [];
  const streams: SseClient[] = [];

  beforeAll(async () => {
    server = await new PostgresServer().start();
    await server.createDatabase('twohubs');
    dir = await mkdtemp(join(tmpdir(), 'camwatch-two-hubs-'));
    writer = await PgDb.connect(server.urlFor('twohubs'));
    await migrate(writer, MIGRATIONS);
    await importInventory(writer, FIXTURE, new Date('2024-01-01T00:00:00Z'));
    for (const name of ['a', 'b']) hubs.push(await startApiHub(server.urlFor('twohubs'), join(dir, name)));
    const users = new UserRepository(writer);
    const passwordHash = await hashPassword(PASSWORD);
    await users.create({ username: 'admin', displayName: 'admin', role: 'province_admin', unitIds: [], passwordHash });
    await users.create({ username: 'xa1', displayName: 'xa1', role: 'commune', unitIds: ['C1'], passwordHash });
  }, 60_000);

  afterAll(async () => {
    for (const s of streams) s.close();
    for (const h of hubs) await h.stop();
    await writer?.close();
    await server?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const token = async (hub: ApiHub, username: string) => {
    const r = await fetch(`${hub.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(r.status).toBe(200);
    return ((await r.json()) as { token: string }).token;
  };

  it('a change committed by any writer appears on the streams of both hubs, each user seeing their area only', async () => {
    const [a, b] = hubs as [ApiHub, ApiHub];
    const adminA = await openSse(`${a.url}/api/live`, await token(a, 'admin'));
    const adminB = await openSse(`${b.url}/api/live`, await token(b, 'admin'));
    const communeB = await openSse(`${b.url}/api/live`, await token(b, 'xa1'));
    streams.push(adminA, adminB, communeB);
    // The route subscribes before it sends the response head, so each stream is live once openSse resolves.

    const lag: number[] = [];
    const changes = [
      ['ST-C1-A-1', 'ST-C1-A'],
      ['ST-C3-A-1', 'ST-C3-A'],
      ['ST-C1-B-2', 'ST-C1-B'],
      ['ST-C2-A-2', 'ST-C2-A'],
    ] as const;
    for (let round = 0; round < 5; round++) {
      for (const [cameraId, stationId] of changes) {
        const status = round % 2 === 0 ? 'down' : 'ok';
        const n = (s: SseClient) => s.frames.filter((f) => f.data.cameraId === cameraId).length;
        const before = [n(adminA), n(adminB)];
        await writer.transaction(async (tx) => {
          await tx.query('UPDATE camera_status_intervals SET ended_at = clock_timestamp() WHERE camera_id = $1 AND ended_at IS NULL', [
            cameraId,
          ]);
          await tx.query(
            'INSERT INTO camera_status_intervals (camera_id, station_id, status, started_at) VALUES ($1, $2, $3, clock_timestamp())',
            [cameraId, stationId, status],
          );
        });
        const committedAt = Date.now();
        await until(() => n(adminA) === before[0]! + 1 && n(adminB) === before[1]! + 1, `${cameraId} → ${status} on both hubs`, 5_000);
        for (const s of [adminA, adminB]) lag.push(s.frames.filter((f) => f.data.cameraId === cameraId).at(-1)!.at - committedAt);
      }
    }
    console.log(`commit → SSE frame, two hubs: ${JSON.stringify(summary(lag))} ms`);
    expect(adminA.frames.filter((f) => f.event === 'camera-status')).toHaveLength(20);
    expect(adminB.frames.filter((f) => f.event === 'camera-status')).toHaveLength(20);
    // Hub B's commune user saw exactly their commune's changes (C1), no other.
    expect(new Set(communeB.frames.map((f) => f.data.stationId))).toEqual(new Set(['ST-C1-A', 'ST-C1-B']));
    expect(communeB.frames).toHaveLength(10);
  });
});
