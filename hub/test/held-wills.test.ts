import { encodeMessage, topicFor } from '@camwatch/config';
import type { MqttClient } from 'mqtt';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/hub.ts';
import { postgresTarget } from './support/databases.ts';
import { StationScript } from './support/fixtures.ts';
import { HubHarness, publish, until } from './support/hub-harness.ts';

/** The will delay the stations announce; the hub holds their wills this long. */
const WILL_DELAY_S = 6;
const BLIP_MS = 5_000;
const fast = { sweepEveryMs: 200 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Period {
  status: string;
  cause: string | null;
  started: number;
}

/**
 * A station as the agent connects it: MQTT 5, a retained `offline` Last Will with a will delay,
 * a kept session, and on every connect a birth announcing the delay and a retained `online` of
 * the next connection id.
 */
class WillStation {
  readonly script: StationScript;
  client!: MqttClient;
  connectionId = 0;
  private live = true;

  constructor(
    private readonly h: HubHarness,
    readonly stationId: string,
    private readonly willDelayS: number,
  ) {
    this.script = new StationScript(stationId);
  }

  /**
   * Connects with the next connection id. `reconnect`: when the connection drops, connect again
   * every 300 ms until it works, each time as a new connection with its own will (as the agent does).
   */
  async connect(reconnect = false): Promise<void> {
    const { stationId } = this;
    this.connectionId++;
    const client = await this.h.station(stationId, {
      protocolVersion: 5,
      clean: false,
      reconnectPeriod: 0,
      properties: { sessionExpiryInterval: 3_600 },
      will: {
        topic: topicFor('state', { stationId }),
        payload: encodeMessage('state', this.script.state('offline', Date.now(), this.connectionId)),
        qos: 1,
        retain: true,
        properties: { willDelayInterval: this.willDelayS },
      },
    });
    this.client = client;
    await this.announce();
    if (reconnect) client.once('close', () => void this.reconnectLoop());
  }

  /** No more reconnects (the test is over). */
  stop(): void {
    this.live = false;
  }

  private async reconnectLoop(): Promise<void> {
    while (this.live) {
      await sleep(300);
      try {
        return await this.connect(true);
      } catch {
        // The broker is still down: try again.
      }
    }
  }

  private async announce(): Promise<void> {
    const { stationId, client } = this;
    await publish(client, 'birth', { stationId }, { ...this.script.birth(Date.now()), willDelayS: this.willDelayS }, { retain: true });
    await publish(client, 'state', { stationId }, this.script.state('online', Date.now(), this.connectionId), { retain: true });
  }

  /** The link dies: the socket goes without DISCONNECT, so the broker starts the will delay. */
  cut(): void {
    (this.client.stream as Socket).destroy();
  }
}

/** Held Last Wills (issue 15) on a real Mosquitto and PostgreSQL. */
describe('held Last Wills', () => {
  const h = new HubHarness('mosquitto', postgresTarget());
  let hub: Hub;

  const periods = async (stationId: string): Promise<Period[]> =>
    (
      await hub.db.query<{ status: string; cause: string | null; started: Date }>(
        'SELECT status, cause, started_at AS started FROM station_status_intervals WHERE station_id = $1 ORDER BY started_at',
        [stationId],
      )
    ).rows.map((r) => ({ status: r.status, cause: r.cause, started: r.started.getTime() }));
  const offline = async (stationId: string, since = 0) =>
    (await periods(stationId)).filter((p) => p.status === 'offline' && p.started >= since);
  const heldWill = async (stationId: string) =>
    (
      await hub.db.query<{ will_at: Date | null; will_due_at: Date | null }>(
        'SELECT will_at, will_due_at FROM station_liveness WHERE station_id = $1',
        [stationId],
      )
    ).rows[0] ?? null;

  beforeAll(async () => {
    await h.start(fast);
    hub = h.hub;
  });
  afterAll(async () => {
    await hub.stop();
    await h.stop();
  });

  it(`a ${BLIP_MS / 1000} s link cut within the ${WILL_DELAY_S} s will delay leaves no unreachable interval`, async () => {
    const st = new WillStation(h, 'ST-1', WILL_DELAY_S);
    await st.connect();
    await until(async () => (await periods('ST-1')).some((p) => p.status === 'online'), 15_000, 'online');
    st.cut();
    await sleep(BLIP_MS);
    await st.connect();
    // Past the will delay and the hold counted from the cut: a will would have been applied by now.
    await sleep(2 * WILL_DELAY_S * 1000 - BLIP_MS + 2_000);
    await hub.flush();
    expect(await offline('ST-1')).toEqual([]);
    expect((await heldWill('ST-1'))?.will_at).toBeNull();
    // A clean end (DISCONNECT discards the will), so the next tests start from a quiet station.
    await st.client.endAsync();
  }, 60_000);

  it('a Mosquitto restart leaves no unreachable interval; a station announcing no will delay shows what the hold saves', async () => {
    const held = new WillStation(h, 'ST-2', WILL_DELAY_S);
    // The control: will delay 0, as over MQTT 3.1.1, so its will is applied as it comes.
    const control = new WillStation(h, 'ST-3', 0);
    await held.connect(true);
    await control.connect(true);
    await until(async () => (await periods('ST-2')).length > 0 && (await periods('ST-3')).length > 0, 15_000, 'both online');
    // On shutdown Mosquitto publishes the wills of all connected clients, will delay or not.
    await h.mosquitto!.stop();
    await sleep(2_000);
    await h.mosquitto!.start();
    await until(() => held.client.connected && control.client.connected && hub.subscriber.connected, 20_000, 'everyone reconnected');
    // The control's will reached the hub: the restart did publish the wills.
    await until(async () => (await offline('ST-3')).length > 0, 20_000, 'the control station’s will applied');
    expect((await offline('ST-3'))[0]!.cause).toBe('last_will');
    // Past the hold of any will published at shutdown.
    await sleep(WILL_DELAY_S * 1000 + 3_000);
    await hub.flush();
    expect(await offline('ST-2')).toEqual([]);
    expect((await heldWill('ST-2'))?.will_at).toBeNull();
    expect((await periods('ST-2')).at(-1)?.status).toBe('online');
    held.stop();
    control.stop();
  }, 90_000);

  it('a real death shows after the will delay plus the hold, backdated to the will, once, across a hub restart and a second hub', async () => {
    const other = await h.startHub({ db: hub.db, hubId: 'test-b', ...fast });
    try {
      const st = new WillStation(h, 'ST-1', WILL_DELAY_S);
      await st.connect();
      await until(async () => (await periods('ST-1')).at(-1)?.status === 'online', 15_000, 'online');
      const diedAt = Date.now();
      st.cut();
      // The broker publishes the will after the delay; the hubs hold it in the database, not yet an outage.
      await until(async () => (await heldWill('ST-1'))?.will_at != null, (WILL_DELAY_S + 10) * 1000, 'the will held');
      const will = (await heldWill('ST-1'))!;
      expect(will.will_at!.getTime()).toBeGreaterThanOrEqual(diedAt + (WILL_DELAY_S - 1) * 1000);
      expect(will.will_due_at!.getTime() - will.will_at!.getTime()).toBe(WILL_DELAY_S * 1000);
      expect(await offline('ST-1', diedAt)).toEqual([]);

      // The hub that holds it restarts meanwhile: the will is in the database, the replacement applies it.
      await hub.stop();
      hub = await h.startHub({ db: other.db, hubId: 'test', ...fast });
      h.hub = hub;
      await until(async () => (await offline('ST-1', diedAt)).length > 0, (2 * WILL_DELAY_S + 15) * 1000, 'unreachable');
      // Backdated: the outage starts when the will arrived, not when the hold ended.
      const [outage] = await offline('ST-1', diedAt);
      expect(outage).toEqual({ status: 'offline', cause: 'last_will', started: will.will_at!.getTime() });
      expect(Date.now()).toBeGreaterThanOrEqual(will.will_due_at!.getTime());
      // Two hubs sweep the same database: still one outage, and the will is gone.
      await sleep(1_500);
      expect(await offline('ST-1', diedAt)).toHaveLength(1);
      expect((await heldWill('ST-1'))?.will_at).toBeNull();
    } finally {
      await other.stop();
    }
  }, 90_000);
});
