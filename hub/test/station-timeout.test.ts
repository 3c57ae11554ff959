import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/hub.ts';
import { UptimeRepository } from '../src/uptime/uptime-repository.ts';
import { postgresTarget } from './support/databases.ts';
import { smallInventory, StationScript } from './support/fixtures.ts';
import { HubHarness, publish, until } from './support/hub-harness.ts';

const OFFLINE_AFTER_MS = 2_500;
const fast = { status: { offlineAfterMs: OFFLINE_AFTER_MS }, sweepEveryMs: 100 };

interface Period {
  status: string;
  cause: string | null;
}

/** Offline-by-silence, on a real Mosquitto and PostgreSQL: the station's silence, never the hub's. */
describe('station timeout', () => {
  const h = new HubHarness('mosquitto', postgresTarget());
  const [quiet, chatty] = smallInventory().stations.map((s) => s.id) as [string, string];
  let hub: Hub;
  let beat: NodeJS.Timeout | null = null;

  const periods = async (stationId: string): Promise<Period[]> =>
    (
      await hub.db.query<Period>('SELECT status, cause FROM station_status_intervals WHERE station_id = $1 ORDER BY started_at', [
        stationId,
      ])
    ).rows;

  beforeAll(async () => {
    await h.start(fast);
    hub = h.hub;
  });
  afterAll(async () => {
    if (beat) clearInterval(beat);
    await hub.stop();
    await h.stop();
  });

  it('marks a station offline when it keeps its connection but says nothing for the timeout', async () => {
    const client = await h.station(quiet);
    await publish(client, 'health', { stationId: quiet }, new StationScript(quiet).health(Date.now()));
    await until(async () => (await periods(quiet)).some((p) => p.status === 'online'), 15_000, 'online');
    await until(async () => (await periods(quiet)).some((p) => p.status === 'offline'), 20_000, 'offline by timeout');
    expect((await periods(quiet)).at(-1)).toEqual({ status: 'offline', cause: 'timeout' });
  });

  it('does not blame a station that kept talking while the hub was away longer than the timeout', async () => {
    const script = new StationScript(chatty);
    const client: MqttClient = await h.station(chatty);
    // Publishes while the hub is down may fail; the station keeps talking and the test checks what the hub records.
    const send = () => void publish(client, 'health', { stationId: chatty }, script.health(Date.now())).catch(() => undefined);
    send();
    beat = setInterval(send, 1_000);
    await until(async () => (await periods(chatty)).some((p) => p.status === 'online'), 15_000, 'online');

    // The hub goes away for longer than the timeout, and comes back with a new broker session, so
    // what the station said meanwhile never reaches it: all it knows is an old last-seen time.
    await hub.stop();
    await new Promise((r) => setTimeout(r, OFFLINE_AFTER_MS + 1_500));
    hub = await h.startHub({ db: hub.db, hubId: 'test-replacement', ...fast });
    h.hub = hub;

    // Long enough for the old rule (now − last seen ≥ timeout) to have fired many sweeps over.
    const seen = await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM health_samples WHERE station_id = $1', [chatty]);
    await until(
      async () =>
        (await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM health_samples WHERE station_id = $1', [chatty])).rows[0]!.n >=
        seen.rows[0]!.n + 4,
      20_000,
      'heartbeats after the restart',
    );
    expect(await periods(chatty)).toEqual([{ status: 'online', cause: 'message' }]);
    // What the hubs heard is kept (hub_heard_spans): the time away is a gap, which uptime reports as
    // reduced data coverage (issue 14), neither the station's fault nor the camera's.
    const gap = await new UptimeRepository(hub.db).unheard({ from: Date.now() - 120_000, to: Date.now() });
    expect(Math.max(0, ...gap.map((g) => g.end - g.start))).toBeGreaterThanOrEqual(OFFLINE_AFTER_MS);
  });
});

describe('station timeout on the embedded broker', () => {
  const h = new HubHarness('aedes', postgresTarget());
  afterAll(() => h.stop());

  it('hears its own echo through aedes and times out a silent station', async () => {
    await h.start(fast);
    const stationId = smallInventory().stations[0]!.id;
    const client = await h.station(stationId);
    await publish(client, 'health', { stationId }, new StationScript(stationId).health(Date.now()));
    const last = async () =>
      (
        await h.hub.db.query<Period>(
          'SELECT status, cause FROM station_status_intervals WHERE station_id = $1 ORDER BY started_at DESC LIMIT 1',
          [stationId],
        )
      ).rows[0];
    await until(async () => (await last())?.status === 'offline', 20_000, 'offline by timeout');
    expect(await last()).toEqual({ status: 'offline', cause: 'timeout' });
  });
});
