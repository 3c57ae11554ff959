import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishTyped } from '@camwatch/config';
import { MosquittoServer, PostgresServer } from '@camwatch/testkit';
import { AlertEngine, ALERT_LOCK } from '../src/alerts/alert-engine.ts';
import { MIGRATIONS } from '../src/db/migrations/index.ts';
import { createHub, type Hub } from '../src/hub.ts';
import type { IngestItem } from '../src/ingest/ingest-types.ts';
import { LiveBus, type LiveEvent } from '../src/live/live-bus.ts';
import { LiveFeed } from '../src/live/live-feed.ts';
import { stationClientId } from '../src/mqtt/broker-acl.ts';
import { UptimeService } from '../src/uptime/index.ts';
import { smallInventory, StationScript } from './support/fixtures.ts';
import { until } from './support/hub-harness.ts';

const MIN = 60_000;
const isCameraStatus = (e: LiveEvent): e is LiveEvent<'camera-status'> => e.name === 'camera-status';
const silent = pino({ level: process.env.TEST_LOG ?? 'silent' });

/** Two hubs, one Mosquitto (MQTT 5 shared subscription), one PostgreSQL: the production scale-out shape. */
describe('scale-out: two hubs on one broker and one database', () => {
  let mosquitto: MosquittoServer;
  let postgres: PostgresServer;
  let dir: string;
  const hubs: Hub[] = [];
  const ingested: Record<string, IngestItem[]> = { A: [], B: [] };
  const stations: MqttClient[] = [];
  const engines: AlertEngine[] = [];
  let feedB: LiveFeed;
  const onB: LiveEvent[] = [];

  beforeAll(async () => {
    mosquitto = await new MosquittoServer().start();
    postgres = await new PostgresServer().start();
    dir = await mkdtemp(join(tmpdir(), 'camwatch-scale-'));
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE scale');
    await admin.end();
    for (const id of ['A', 'B']) {
      // Each hub opens its own pool, as two processes would; both run every migration (the migration lock serialises them).
      hubs.push(
        await createHub({
          databaseUrl: postgres.urlFor('scale'),
          mqttUrl: mosquitto.url,
          mqttUsername: 'hub',
          mqttPassword: 'hub',
          hubId: id,
          shareGroup: 'camwatch-hub',
          dataDir: join(dir, id),
          httpPort: null,
          clockBeaconMs: null,
          logger: silent.child({ hub: id }),
          migrations: MIGRATIONS,
          batch: { maxRows: 200, maxDelayMs: 20 },
          onCommitted: (_outcome, items) => ingested[id]!.push(...items),
        }),
      );
    }
    await hubs[0]!.importInventory(smallInventory());
    for (const hub of hubs)
      engines.push(new AlertEngine({ db: hub.db, log: silent, registry: new Registry(), uptime: new UptimeService(hub.db) }));
    const bus = new LiveBus();
    bus.subscribe((e) => onB.push(e));
    feedB = new LiveFeed(hubs[1]!.db, bus, silent, 50);
    await feedB.start();
    for (const s of smallInventory().stations) {
      stations.push(await mqtt.connectAsync(mosquitto.url, { clientId: stationClientId(s.id), protocolVersion: 5, reconnectPeriod: 0 }));
    }
  });

  afterAll(async () => {
    await feedB?.stop();
    for (const c of stations) await c.endAsync(true);
    for (const e of engines) await e.stop();
    for (const h of hubs) await h.stop();
    await mosquitto?.destroy();
    await postgres?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const count = async (sql: string) => Number((await hubs[0]!.db.query<{ n: string }>(sql)).rows[0]!.n);

  it('splits N messages from three stations between the hubs: every row stored once, none lost, both hubs take a share', async () => {
    const scripts = smallInventory().stations.map((s) => new StationScript(s.id));
    const perStation = 200;
    const t0 = Date.now() - 3_600_000;
    await Promise.all(
      scripts.map(async (st, k) => {
        for (let i = 0; i < perStation; i++)
          await publishTyped(stations[k]!, 'health', { stationId: st.stationId }, st.health(t0 + i * 1000));
      }),
    );
    const n = scripts.length * perStation;
    await until(async () => (await count('SELECT count(*) AS n FROM health_samples')) >= n, 20_000, `${n} health rows`);
    await Promise.all(hubs.map((h) => h.flush()));
    expect(await count('SELECT count(*) AS n FROM health_samples')).toBe(n);
    expect(await count('SELECT count(*) AS n FROM (SELECT DISTINCT station_id, boot_id, seq FROM health_samples) d')).toBe(n);
    const share = (id: string) => ingested[id]!.filter((i) => i.kind === 'health').length;
    // Each message reached exactly one hub (a redelivery to both would show as a sum above n).
    expect(share('A') + share('B')).toBe(n);
    expect(share('A')).toBeGreaterThan(0);
    expect(share('B')).toBeGreaterThan(0);
  });

  it("shows a status change ingested by hub A on hub B's live feed", async () => {
    const st = new StationScript('ST-2', 'boot-ST-2-live');
    for (const cam of ['ST-2-C1', 'ST-2-C2'])
      await publishTyped(
        stations[1]!,
        'cameraStatus',
        { stationId: 'ST-2', cameraId: cam },
        st.status(cam, Date.now(), 'down', 'unreachable'),
      );
    await until(
      () => ingested.A!.some((i) => i.kind === 'cameraStatus') && ingested.B!.some((i) => i.kind === 'cameraStatus'),
      10_000,
      'both hubs ingest a camera status',
    );
    const byA = ingested.A!.filter((i) => i.kind === 'cameraStatus').map((i) => (i.kind === 'cameraStatus' ? i.payload.cameraId : ''));
    expect(byA.length).toBeGreaterThan(0);
    await until(
      () => byA.every((cam) => onB.some((e) => isCameraStatus(e) && e.payload.cameraId === cam && e.payload.status === 'down')),
      10_000,
      "hub A's changes on hub B",
    );
  });

  it('evaluates each alert rule exactly once when both hubs evaluate at the same moment', async () => {
    const st = new StationScript('ST-3', 'boot-ST-3-alert');
    const t = Date.now();
    await publishTyped(stations[2]!, 'state', { stationId: 'ST-3' }, st.state('online', t - 2000));
    await publishTyped(stations[2]!, 'state', { stationId: 'ST-3' }, st.state('offline', t - 1000));
    const state = async () =>
      (await hubs[0]!.db.query<{ state: string }>(`SELECT state FROM station_liveness WHERE station_id = 'ST-3'`)).rows[0]?.state;
    await until(async () => (await state()) === 'offline', 10_000, 'ST-3 offline');
    // While any hub holds the lock, nobody else evaluates.
    const holder = new pg.Client({ connectionString: postgres.urlFor('scale') });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1)', [ALERT_LOCK]);
    expect(await Promise.all(engines.map((e) => e.evaluate(t + 11 * MIN)))).toEqual([null, null]);
    await holder.query('COMMIT');
    await holder.end();
    const passes = [];
    for (let k = 0; k < 5; k++) passes.push(...(await Promise.all(engines.map((e) => e.evaluate(t + 11 * MIN + k * 1000)))));
    // Concurrent passes either find the lock taken (null) or see the other's alert: one opening in all.
    expect(passes.reduce((sum, p) => sum + (p?.opened ?? 0), 0)).toBe(1);
    const rows = await hubs[0]!.db.query<{ rule: string; n: number }>(`SELECT rule, count(*)::int AS n FROM alerts GROUP BY rule`);
    expect(rows.rows).toEqual([{ rule: 'station_offline', n: 1 }]);
  });
});
