import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MosquittoServer, PostgresServer } from '@camwatch/testkit';
import { createHub, type Hub } from '@camwatch/hub';
import { SteadyStation } from '../src/chaos/hostile/steady-station.ts';

/**
 * A Mosquitto restart while stations keep sending: every sample the broker acknowledged must
 * reach the database. Mosquitto 2.0 keeps persistent sessions and their queues across a restart
 * but not MQTT 5 shared subscriptions: with a share group the hub stopped receiving station data
 * after a broker restart (210 of 267 acknowledged samples lost), which is why hubs now subscribe
 * plainly unless MQTT_SHARE_GROUP asks otherwise; this test keeps the default honest.
 */
describe('a Mosquitto restart loses nothing', () => {
  let postgres: PostgresServer;
  let dir: string;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    postgres = await new PostgresServer().start();
    dir = await mkdtemp(join(tmpdir(), 'camwatch-restart-'));
  });

  afterAll(async () => {
    await postgres?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function restartScenario(database: string, shareGroup: string | null | undefined): Promise<{ acked: number; missing: number[] }> {
    const mosquitto = await new MosquittoServer().start();
    let hub: Hub | null = null;
    const stations: SteadyStation[] = [];
    try {
      await postgres.createDatabase(database);
      hub = await createHub({
        databaseUrl: postgres.urlFor(database),
        mqttUrl: mosquitto.url,
        hubId: database,
        dataDir: join(dir, database),
        httpPort: null,
        logger: pino({ level: 'silent' }),
        clockBeaconMs: null,
        batch: { maxRows: 200, maxDelayMs: 20 },
        ...(shareGroup === undefined ? {} : { shareGroup }),
      });
      for (const id of ['ST-A', 'ST-B', 'ST-C']) stations.push(await SteadyStation.start(mosquitto.url, id, `camwatch-st-${id}`, '', 50));
      await sleep(1_000);
      await mosquitto.stop();
      await sleep(500);
      await mosquitto.start();
      await sleep(3_000);
      for (const s of stations) await s.stop();
      const running = hub;
      const expected = stations.reduce((n, s) => n + s.acked.length, 0);
      const stored = async () => (await running.db.query<{ n: number }>('SELECT count(*)::int AS n FROM health_samples')).rows[0]!.n;
      // Whatever the broker acknowledged gets 15 s to arrive; then the missing ones are listed.
      const deadline = Date.now() + 15_000;
      while ((await stored()) < expected && Date.now() < deadline) {
        await running.flush();
        await sleep(200);
      }
      const missing: number[] = [];
      for (const s of stations) {
        const seqs = new Set(
          (await running.db.query<{ seq: number }>('SELECT seq FROM health_samples WHERE station_id = $1', [s.stationId])).rows.map((r) =>
            Number(r.seq),
          ),
        );
        missing.push(...s.acked.filter((q) => !seqs.has(q)));
      }
      return { acked: expected, missing };
    } finally {
      for (const s of stations) await s.stop();
      await hub?.stop();
      await mosquitto.destroy();
    }
  }

  it('with one hub subscribed plainly (no share group)', async () => {
    const r = await restartScenario('plain', null);
    expect(r.acked).toBeGreaterThan(100);
    expect(r.missing).toEqual([]);
  });

  it("with the hub's default configuration", async () => {
    const r = await restartScenario('default', undefined);
    expect(r.acked).toBeGreaterThan(100);
    expect(r.missing, `${r.missing.length} of ${r.acked} acknowledged samples never stored`).toEqual([]);
  });
});
