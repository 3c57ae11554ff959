import { PostgresServer } from '@camwatch/testkit';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { MIGRATIONS } from '../src/db/migrations/index.ts';
import { PgDb } from '../src/db/pg-db.ts';
import { PgliteDb } from '../src/db/pglite-db.ts';
import { importInventory } from '../src/inventory/inventory-import.ts';
import { LiveBus, type LiveEvent } from '../src/live/live-bus.ts';
import { LIVE_CHANNEL, LiveFeed } from '../src/live/live-feed.ts';
import { FIXTURE } from './api-support/fixture-inventory.ts';
import { summary, until } from './live-support/sse-client.ts';

const silent = pino({ level: 'silent' });
/** Polls so rare that, within a test, only a NOTIFY can bring an event. */
const NOTIFY_ONLY = { pollMs: 3_600_000, safetyPollMs: 3_600_000 };

interface Hub {
  db: Db;
  feed: LiveFeed;
  events: Array<LiveEvent & { at: number }>;
}

async function startFeed(db: Db, options = NOTIFY_ONLY): Promise<Hub> {
  const bus = new LiveBus();
  const events: Hub['events'] = [];
  bus.subscribe((e) => events.push({ ...e, at: Date.now() }));
  const feed = new LiveFeed(db, bus, silent, options);
  await feed.start();
  return { db, feed, events };
}

/** What the ingest does on a status change: close the open interval, open the next, in one transaction. */
async function cameraGoes(
  db: Db,
  cameraId: string,
  stationId: string,
  status: string,
  beforeCommit?: () => Promise<void>,
): Promise<number> {
  await db.transaction(async (tx) => {
    await tx.query('UPDATE camera_status_intervals SET ended_at = clock_timestamp() WHERE camera_id = $1 AND ended_at IS NULL', [cameraId]);
    await tx.query(
      'INSERT INTO camera_status_intervals (camera_id, station_id, status, started_at) VALUES ($1, $2, $3, clock_timestamp())',
      [cameraId, stationId, status],
    );
    await beforeCommit?.();
  });
  return Date.now();
}

const cameraEvents = (hub: Hub, cameraId: string) =>
  hub.events.filter((e) => e.name === 'camera-status' && (e.payload as { cameraId: string }).cameraId === cameraId);

describe('live feed woken by LISTEN/NOTIFY: two hubs on one PostgreSQL', () => {
  let server: PostgresServer;
  const dbs: PgDb[] = [];
  const hubs: Hub[] = [];
  let writer: PgDb;
  let a: Hub;
  let b: Hub;

  beforeAll(async () => {
    server = await new PostgresServer().start();
    await server.createDatabase('live');
    // Three pools, as three processes would have: hub A, hub B, and the writer (an ingesting hub).
    for (let i = 0; i < 3; i++) dbs.push(await PgDb.connect(server.urlFor('live')));
    writer = dbs[2]!;
    await migrate(writer, MIGRATIONS);
    await importInventory(writer, FIXTURE, new Date('2024-01-01T00:00:00Z'));
    a = await startFeed(dbs[0]!);
    b = await startFeed(dbs[1]!);
    hubs.push(a, b);
  }, 60_000);

  afterAll(async () => {
    for (const h of hubs) await h.feed.stop();
    for (const db of dbs) await db.close();
    await server?.destroy();
  });

  it('a status change reaches both hubs when it commits, not before', async () => {
    let seenBeforeCommit = -1;
    const committedAt = await cameraGoes(writer, 'ST-C1-A-1', 'ST-C1-A', 'down', async () => {
      await new Promise((r) => setTimeout(r, 300));
      seenBeforeCommit = cameraEvents(a, 'ST-C1-A-1').length + cameraEvents(b, 'ST-C1-A-1').length;
    });
    expect(seenBeforeCommit).toBe(0);
    await until(() => cameraEvents(a, 'ST-C1-A-1').length === 1 && cameraEvents(b, 'ST-C1-A-1').length === 1, 'both hubs see the change');
    expect(cameraEvents(a, 'ST-C1-A-1')[0]!.payload).toMatchObject({ cameraId: 'ST-C1-A-1', status: 'down' });
    expect(a.feed.notified && b.feed.notified).toBe(true);

    // Commit → event on the bus, over a few changes (figures for the notes, not asserted).
    const lag: number[] = [];
    for (let i = 0; i < 10; i++) {
      const status = i % 2 === 0 ? 'ok' : 'down';
      const before = cameraEvents(a, 'ST-C3-A-2').length;
      const at = await cameraGoes(writer, 'ST-C3-A-2', 'ST-C3-A', status);
      await until(() => cameraEvents(a, 'ST-C3-A-2').length === before + 1, `change ${i}`);
      lag.push(cameraEvents(a, 'ST-C3-A-2')[before]!.at - at);
    }
    console.log(
      `commit → live event (NOTIFY): ${JSON.stringify(summary(lag))} ms; first change ${cameraEvents(b, 'ST-C1-A-1')[0]!.at - committedAt} ms`,
    );
  });

  it('a batch of 500 status changes is one notification, and every change reaches both hubs', async () => {
    const counter = new pg.Client({ connectionString: server.urlFor('live') });
    const notes: string[] = [];
    counter.on('notification', (n) => notes.push(n.payload ?? ''));
    await counter.connect();
    await counter.query(`LISTEN ${LIVE_CHANNEL}`);
    try {
      const ids = Array.from({ length: 500 }, (_, i) => `BATCH-${i}`);
      await writer.query(
        `INSERT INTO camera_status_intervals (camera_id, station_id, status, started_at) SELECT id, 'ST-C2-A', 'down', now() FROM unnest($1::text[]) AS id`,
        [ids],
      );
      const batch = (h: Hub) =>
        h.events.filter((e) => e.name === 'camera-status' && (e.payload as { cameraId: string }).cameraId.startsWith('BATCH-')).length;
      await until(() => batch(a) === 500 && batch(b) === 500, 'both hubs see all 500');
      expect(notes).toEqual(['camera']);
    } finally {
      await counter.end();
    }
  });

  it('alert changes are notified too (opened, then acknowledged)', async () => {
    const r = await writer.query<{
      id: number;
    }>(`INSERT INTO alerts (rule, subject, severity, state, station_id, unit_id, message, condition_since, opened_at)
      VALUES ('station_offline', 'station:ST-C3-A', 'critical', 'open', 'ST-C3-A', 'C3', 'Trạm mất kết nối', now(), now()) RETURNING id::int AS id`);
    const alertsOf = (h: Hub) =>
      h.events
        .filter((e) => e.name === 'alert' && (e.payload as { alertId: string }).alertId === String(r.rows[0]!.id))
        .map((e) => (e.payload as { state: string }).state);
    await until(() => alertsOf(a).length === 1 && alertsOf(b).length === 1, 'both hubs see the alert open');
    await writer.query(`UPDATE alerts SET state = 'acknowledged', acknowledged_at = now(), updated_at = now() WHERE id = $1`, [
      r.rows[0]!.id,
    ]);
    await until(() => alertsOf(a).length === 2 && alertsOf(b).length === 2, 'both hubs see it acknowledged');
    expect(alertsOf(a)).toEqual(['open', 'acknowledged']);
  });

  it('1,500 alerts changed by one statement (one timestamp, more than a page) each reach both hubs once', async () => {
    await writer.query(`INSERT INTO alerts (rule, subject, severity, state, station_id, camera_id, unit_id, message, condition_since, opened_at)
      SELECT 'camera_down', 'camera:BULK-' || i, 'critical', 'open', 'ST-C2-A', 'BULK-' || i, 'C2', 'Camera mất tín hiệu', now(), now() FROM generate_series(1, 1500) AS i`);
    const bulk = (h: Hub) =>
      h.events.filter((e) => e.name === 'alert' && String((e.payload as { cameraId: string | null }).cameraId).startsWith('BULK-'));
    await until(() => bulk(a).length >= 1500 && bulk(b).length >= 1500, 'both hubs see 1,500 alerts', 30_000);
    await a.feed.poll();
    for (const h of [a, b]) expect(new Set(bulk(h).map((e) => (e.payload as { alertId: string }).alertId)).size).toBe(bulk(h).length);
    expect(bulk(a)).toHaveLength(1500);
  });

  it('a change whose notification is lost still arrives, by the safety poll', async () => {
    const c = await startFeed(dbs[0]!, { pollMs: 3_600_000, safetyPollMs: 300 });
    hubs.push(c);
    // Triggers off for this transaction: the change commits with no NOTIFY at all.
    await writer.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(
        `INSERT INTO camera_status_intervals (camera_id, station_id, status, started_at) VALUES ('LOST-1', 'ST-C2-A', 'down', now())`,
      );
    });
    await until(() => cameraEvents(c, 'LOST-1').length === 1, 'the polling feed finds it', 5_000);
    // The notify-only feeds saw nothing: it really was the poll.
    expect(cameraEvents(a, 'LOST-1')).toEqual([]);
  });

  it('PostgreSQL restarting: the LISTEN comes back and changes flow again', async () => {
    await server.stop();
    await until(() => !a.feed.notified && !b.feed.notified, 'feeds notice the lost connection');
    await server.start();
    await until(() => a.feed.notified && b.feed.notified, 'LISTEN re-established', 30_000);
    // The writer's pool dropped its dead connections; the next query opens a fresh one.
    await cameraGoes(writer, 'ST-C1-B-1', 'ST-C1-B', 'down');
    await until(
      () => cameraEvents(a, 'ST-C1-B-1').length === 1 && cameraEvents(b, 'ST-C1-B-1').length === 1,
      'both hubs see the change after the restart',
    );
  }, 60_000);
});

describe('live feed on PGlite (in-process LISTEN)', () => {
  let db: PgliteDb;
  let hub: Hub;
  beforeAll(async () => {
    db = await PgliteDb.create();
    await migrate(db, MIGRATIONS);
    await importInventory(db, FIXTURE, new Date('2024-01-01T00:00:00Z'));
    hub = await startFeed(db);
  }, 60_000);
  afterAll(async () => {
    await hub?.feed.stop();
    await db?.close();
  });

  it('wakes on the NOTIFY of a committed change', async () => {
    await cameraGoes(db, 'ST-C1-A-2', 'ST-C1-A', 'down');
    await until(() => cameraEvents(hub, 'ST-C1-A-2').length === 1, 'PGlite feed sees the change');
  });
});
