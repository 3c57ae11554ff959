import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SqliteOutboxStore,
  startAgentCore,
  type AgentCore,
  type CameraProber,
  type CameraTarget,
  type HealthSampler,
  type StationOutbox,
} from '@camwatch/edge-agent';
import { createHub, type Hub } from '@camwatch/hub';
import { CLEAN_LINK, LinkFaultProxy, MosquittoServer, mulberry32, PostgresServer, waitUntil, type LinkProfile } from '@camwatch/testkit';

/**
 * Issue 15, item 4: the real agent core on a rural 4G link, through a fault-injecting proxy to a
 * real Mosquitto, stored by a real hub in a real PostgreSQL. Minutes of the real link are seconds
 * here: a drop every 5–15 s for up to 2.5 s, one-way latency 300–1,500 ms, 64–256 kbit/s, and 2 %
 * of segments stalled 0.5–2 s (how TCP shows loss). Counted, not timed: every message the agent
 * produced is stored exactly once, and blips shorter than the will delay leave no outage.
 */
const SEED = 15;
const WILL_DELAY_S = 12;
const FLAP_MS = 40_000;
const RURAL_4G: LinkProfile = {
  latencyMs: [300, 1_500],
  bitsPerSecond: [64_000, 256_000],
  stall: { chance: 0.02, ms: [500, 2_000] },
  drops: { everyMs: [5_000, 15_000], downMs: [300, 2_500] },
};

/** Cameras answer at once: the link is under test, not the checks. */
const prober: CameraProber = {
  probe: async () => ({
    status: 'ok',
    cause: null,
    detail: 'all checks passed',
    stream: { codec: 'h264', width: 1280, height: 720, fps: 25, bitrateKbps: 1500 },
    picture: null,
    frameHash: null,
  }),
  snapshot: async () => ({ jpeg: Buffer.from([0xff, 0xd8, ...Buffer.alloc(2_000, 0x22), 0xff, 0xd9]), width: 640, height: 360 }),
  reboot: async () => {
    throw new Error('no ONVIF here');
  },
};
const health: HealthSampler = {
  sample: async () => ({ cpuPct: 5, load1: 0.2, memUsedPct: 40, diskUsedPct: 20, tempC: 45, uptimeS: 100, uplinkLatencyMs: null }),
};
const camera = (cameraId: string): CameraTarget => ({
  cameraId,
  make: 'test',
  model: 'lossy',
  firmware: null,
  rtspUrl: `rtsp://127.0.0.1:1/${cameraId}`,
  onvifUrl: null,
  username: null,
  password: null,
  snapshotUrl: null,
});

interface Station {
  id: string;
  core: AgentCore;
  outbox: StationOutbox;
  proxy: LinkFaultProxy;
}

const DATA_TABLES = ['health_samples', 'camera_status_samples', 'station_events', 'command_replies', 'snapshots'];

describe('a station on a slow, lossy, flapping link', () => {
  let postgres: PostgresServer;
  let mosquitto: MosquittoServer;
  let hub: Hub;
  let dir: string;
  let store: SqliteOutboxStore;
  const stations: Station[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camwatch-lossy-'));
    [postgres, mosquitto] = await Promise.all([new PostgresServer().start(), new MosquittoServer().start()]);
    hub = await createHub({
      databaseUrl: postgres.url,
      mqttUrl: mosquitto.url,
      hubId: 'lossy-link',
      dataDir: join(dir, 'hub'),
      httpPort: null,
      clockBeaconMs: null,
      sweepEveryMs: 200,
      logger: pino({ level: 'silent' }),
    });
    store = new SqliteOutboxStore(join(dir, 'outbox.db'), { synchronous: 'NORMAL' });
  });

  afterAll(async () => {
    for (const s of stations) {
      s.core.kill();
      await s.proxy.stop();
    }
    store?.close();
    await hub?.stop();
    await mosquitto?.destroy();
    await postgres?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A station whose only way to the broker is its own faulty link (seeded per station). */
  async function station(id: string, protocol: 4 | 5, seed: number): Promise<Station> {
    const proxy = await new LinkFaultProxy({
      target: { host: '127.0.0.1', port: Number(new URL(mosquitto.url).port) },
      profile: RURAL_4G,
      seed,
    }).start();
    const outbox = store.forStation(id);
    const core = startAgentCore({
      stationId: id,
      mqtt: { url: proxy.url, reconnectMinMs: 200, reconnectMaxMs: 1_000, protocol, willDelayS: WILL_DELAY_S },
      prober,
      health,
      cameras: [camera(`${id}-C1`), camera(`${id}-C2`)],
      outbox,
      intervals: { healthMs: 1_000, probeMs: 1_500, pictureCheckMs: 3_600_000, statusRefreshMs: 3_000, snapshotMs: 3_600_000 },
      agentVersion: '0.0.0-lossy',
      random: mulberry32(seed),
      logger: pino({ level: 'silent' }),
    });
    const s = { id, core, outbox, proxy };
    stations.push(s);
    return s;
  }

  const periods = async (stationId: string) =>
    (
      await hub.db.query<{ status: string; cause: string | null; started: Date }>(
        'SELECT status, cause, started_at AS started FROM station_status_intervals WHERE station_id = $1 ORDER BY started_at',
        [stationId],
      )
    ).rows.map((r) => ({ status: r.status, cause: r.cause, started: r.started.getTime() }));
  const outages = async (stationId: string, since = 0) =>
    (await periods(stationId)).filter((p) => p.status === 'offline' && p.started >= since);
  /** Sequence numbers of this boot as the hub keyed them (one key per message ever stored). */
  const keyedSeqs = async (s: Station) =>
    (
      await hub.db.query<{ seq: string }>('SELECT seq FROM message_keys WHERE station_id = $1 AND boot_id = $2 ORDER BY seq', [
        s.id,
        s.core.bootId,
      ])
    ).rows.map((r) => Number(r.seq));
  /** Rows of this boot in every data table, by seq: a message stored twice shows as a count of 2. */
  const storedRows = async (s: Station) => {
    const counts = new Map<number, number>();
    for (const table of DATA_TABLES) {
      const rows = await hub.db.query<{ seq: string; n: number }>(
        `SELECT seq, count(*)::int AS n FROM ${table} WHERE station_id = $1 AND boot_id = $2 GROUP BY seq`,
        [s.id, s.core.bootId],
      );
      for (const r of rows.rows) counts.set(Number(r.seq), (counts.get(Number(r.seq)) ?? 0) + r.n);
    }
    return counts;
  };

  it('stores every message exactly once, stays online through blips within the will delay, and still shows a real death', async () => {
    // MQTT 5 with a will delay, as on a production broker; the control speaks 3.1.1, whose will fires at once.
    const held = await station('LL-5', 5, SEED);
    const control = await station('LL-4', 4, SEED + 1);
    await waitUntil(() => held.core.stats().connected && control.core.stats().connected, {
      timeoutMs: 30_000,
      what: 'both stations connected over their links',
    });
    await new Promise((r) => setTimeout(r, FLAP_MS));

    // The link heals: whatever the outboxes still hold drains, then everything produced is counted.
    for (const s of stations) s.proxy.setProfile(CLEAN_LINK);
    for (const s of stations) {
      await waitUntil(async () => s.core.stats().outbox.pending === 0 && (await keyedSeqs(s)).length >= s.outbox.seq, {
        timeoutMs: 40_000,
        what: `${s.id}'s outbox drained and stored`,
        detail: () => `pending ${s.core.stats().outbox.pending}, produced ${s.outbox.seq}`,
      });
    }
    await hub.flush();

    for (const s of stations) {
      // The link really was bad: drops, stalls and reconnects happened.
      const link = `${s.id}: ${JSON.stringify(s.proxy.stats)}, ${s.core.stats().connects} connects`;
      expect(s.proxy.stats.drops, link).toBeGreaterThanOrEqual(2);
      expect(s.core.stats().connects, link).toBeGreaterThanOrEqual(3);
      // The agent keeps running, so count up to what it had produced before the hub is asked:
      // a message produced after this line may still be on its way, and is not a loss.
      const produced = s.outbox.seq;
      expect(produced).toBeGreaterThan(50);
      const keyed = await keyedSeqs(s);
      // Every sequence number of this boot once (message_keys' primary key): none missing, none invented.
      expect(keyed.filter((seq) => seq <= produced)).toEqual(Array.from({ length: produced }, (_, i) => i + 1));
      expect(Math.max(...keyed), `${s.id}: no key beyond what the agent produced`).toBeLessThanOrEqual(s.outbox.seq);
      const rows = await storedRows(s);
      const twice = [...rows].filter(([, n]) => n !== 1).map(([seq]) => seq);
      expect(twice, `${s.id}: messages stored more than once`).toEqual([]);
      expect([...rows.keys()].filter((seq) => seq <= produced).length, `${s.id}: messages in the data tables`).toBe(produced);
      expect(s.core.stats().outbox.droppedTotal).toBe(0);
    }

    // Blips shorter than the will delay: no outage; the control shows the same link would have made some.
    expect(await outages('LL-5')).toEqual([]);
    expect((await periods('LL-5')).at(-1)?.status).toBe('online');
    const controlOutages = await outages('LL-4');
    expect(controlOutages.length, 'the control (MQTT 3.1.1, no will delay) saw an outage per drop').toBeGreaterThan(0);
    expect(controlOutages.every((o) => o.cause === 'last_will')).toBe(true);

    // A real death still shows: the broker waits the will delay, the hub holds the will as long, then backdates the outage to it.
    const diedAt = Date.now();
    held.core.kill();
    await waitUntil(async () => (await outages('LL-5', diedAt)).length > 0, {
      timeoutMs: (2 * WILL_DELAY_S + 15) * 1000,
      what: 'the dead station shown offline within the will delay plus its hold',
    });
    const [death] = await outages('LL-5', diedAt);
    expect(death!.cause).toBe('last_will');
    // A lower bound only: the will came after the broker's delay, not at the cut.
    expect(death!.started).toBeGreaterThanOrEqual(diedAt + (WILL_DELAY_S - 1) * 1000);
  }, 170_000);
});
