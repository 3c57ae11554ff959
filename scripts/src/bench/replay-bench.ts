/**
 * `pnpm bench replay [--stations N] [--minutes M] [--live-every S]`: a whole province back from an
 * outage at once. Every station of the simulated Long An fleet (670 by default) holds M minutes
 * (default 60) of outbox and reconnects at the same moment; meanwhile each keeps making live
 * samples (one every S seconds, default 10). Run twice in the same process, each time on a fresh
 * Mosquitto and database of one PostgreSQL, with a hub in its own process (MeteredHub):
 *   baseline:   today's single queue (agent pump `liveFirst: false`, hub batcher `liveFirst: false`),
 *   live first: live records ahead of the backlog at the agent, live lane first at the hub.
 * Reports the backlog, the time from the reconnect to the last replayed message committed, and the
 * live messages' publish→store lag (their own timestamp to their commit) p50/p99 during the drain.
 * Goal: live p99 < 5 s, drain no slower than the baseline (10 % allowed for noise on a shared machine).
 *
 * The stations are real agent outboxes (node:sqlite, one file) and pumps (OutboxPump), each with its
 * own MQTT connection; an hour of outbox is one message a minute (the health beat) plus one status
 * per camera per 15 min (the status refresh). They all travel as camera-status messages, the kind
 * the hub's meter counts; snapshots are left out (their JPEGs go to disk, not through the lanes).
 * Last line: JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS, type Camera } from '@camwatch/config';
import { OutboxPump, SqliteOutboxStore, type RecordPublisher, type StationOutbox } from '@camwatch/edge-agent';
import { MosquittoServer, PostgresServer } from '@camwatch/testkit';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { flagValue, integerFlag, numberFlag } from '../cli/number-flag.ts';
import { generateFleet } from '../fleet/generate-fleet.ts';
import { MeteredHub } from '../hub-child/metered-hub.ts';

const GOAL_LIVE_P99_MS = 5_000;
/** The drain may take this much longer than the baseline's before it counts as slower (same-run noise). */
const DRAIN_TOLERANCE = 1.1;
const DRAIN_TIMEOUT_MS = 10 * 60_000;

interface Station {
  stationId: string;
  cameraIds: string[];
}

interface PhaseResult {
  backlog: number;
  live: number;
  drainMs: number;
  liveP50Ms: number;
  liveP99Ms: number;
  stored: number;
  lost: number;
}

/** An agent's MQTT link as the pump sees it: QoS 1, `done` on PUBACK. */
class ClientPublisher implements RecordPublisher {
  constructor(private readonly client: MqttClient) {}
  get connected(): boolean {
    return this.client.connected;
  }
  publish(topic: string, body: Buffer, retain: boolean, done: (err?: Error) => void): void {
    this.client.publish(topic, body, { qos: 1, retain }, (err) => done(err ?? undefined));
  }
}

function statusFields(cameraId: string, n: number) {
  return {
    cameraId,
    status: 'ok' as const,
    cause: null,
    detail: `sample ${n}`,
    stream: { codec: 'h264', width: 1920, height: 1080, fps: 25, bitrateKbps: 2048 },
    picture: null,
    checkMs: 850,
  };
}

/** One hour's outbox of a station: a record a minute plus one per camera per status refresh, oldest first. */
function fillOutbox(outbox: StationOutbox, station: Station, minutes: number, now: number): number {
  const perMinute = 1 + (station.cameraIds.length * 60_000) / DEFAULTS.statusRefreshIntervalMs.value;
  const n = Math.round(minutes * perMinute);
  outbox.startBoot(now - minutes * 60_000 - 1_000);
  for (let i = 0; i < n; i++) {
    const cameraId = station.cameraIds[i % station.cameraIds.length]!;
    outbox.append('cameraStatus', statusFields(cameraId, i), now - minutes * 60_000 + Math.floor((i * minutes * 60_000) / n));
  }
  return n;
}

async function phase(
  liveFirst: boolean,
  stations: Station[],
  opts: { minutes: number; liveEveryMs: number },
  postgres: PostgresServer,
  log: (s: string) => void,
): Promise<PhaseResult> {
  const name = liveFirst ? 'live first' : 'baseline';
  const dir = mkdtempSync(join(tmpdir(), 'camwatch-replay-bench-'));
  // The hub acknowledges after commit: unlimited in-flight towards it, as in `pnpm bench ingest`.
  const mosquitto = await new MosquittoServer({
    extraConfig: ['allow_anonymous true', 'max_inflight_messages 0', 'max_queued_messages 0'],
  }).start();
  const store = new SqliteOutboxStore(join(dir, 'outbox.db'), { synchronous: 'NORMAL' });
  const clients: MqttClient[] = [];
  const timers: NodeJS.Timeout[] = [];
  const pumps: OutboxPump[] = [];
  let hub: MeteredHub | null = null;
  try {
    const database = await postgres.createDatabase(liveFirst ? 'replay_lanes' : 'replay_baseline');
    hub = new MeteredHub({
      databaseUrl: database,
      mqttUrl: mosquitto.url,
      mqttUsername: 'bench',
      mqttPassword: 'bench',
      hubId: liveFirst ? 'bench-replay-lanes' : 'bench-replay-baseline',
      shareGroup: null,
      batch: { liveFirst },
    });
    await hub.ready;

    const filledAt = Date.now();
    const outboxes = stations.map((s) => store.forStation(s.stationId));
    let backlog = 0;
    stations.forEach((s, i) => (backlog += fillOutbox(outboxes[i]!, s, opts.minutes, filledAt)));
    log(`${name}: ${backlog} records in ${stations.length} outboxes (${((Date.now() - filledAt) / 1000).toFixed(1)} s to write)`);

    for (const s of stations)
      clients.push(await mqtt.connectAsync(mosquitto.url, { clientId: `replay-${s.stationId}`, protocolVersion: 4, clean: true }));
    const silent = pino({ level: 'silent' });
    stations.forEach((s, i) =>
      pumps.push(
        new OutboxPump(outboxes[i]!, new ClientPublisher(clients[i]!), {
          stationId: s.stationId,
          inflightMax: DEFAULTS.inflightMax.value,
          replayMaxMsgsPerSec: DEFAULTS.replayMaxMsgsPerSec.value,
          clock: { now: () => Date.now() },
          logger: silent,
          liveFirst,
        }),
      ),
    );

    await hub.reset();
    await hub.measure();
    // The whole province is back: every pump learns of its connection in the same tick.
    const t0 = Date.now();
    for (const pump of pumps) pump.connected();
    let live = 0;
    stations.forEach((s, i) => {
      // Each station's live clock runs from its own phase, as real stations' do.
      const start = setTimeout(
        () => {
          let n = 0;
          const emit = () => {
            const record = outboxes[i]!.append('cameraStatus', statusFields(s.cameraIds[n % s.cameraIds.length]!, n++), Date.now());
            live++;
            pumps[i]!.appended(record);
          };
          emit();
          timers.push(setInterval(emit, opts.liveEveryMs));
        },
        Math.floor((i / stations.length) * opts.liveEveryMs),
      );
      timers.push(start);
    });

    const deadline = t0 + DRAIN_TIMEOUT_MS;
    let nextReport = t0 + 5_000;
    while (hub.last.replayCommitted < backlog) {
      if (Date.now() > deadline) throw new Error(`${name}: ${hub.last.replayCommitted} of ${backlog} replayed in ${DRAIN_TIMEOUT_MS} ms`);
      if (Date.now() >= nextReport) {
        log(`  ${name}: ${hub.last.replayCommitted}/${backlog} replayed after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
        nextReport += 5_000;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const drainMs = hub.last.lastReplayCommitAt - t0;
    // The drain is over: live data stops, and whatever live data is still on its way is stored.
    for (const t of timers.splice(0)) clearTimeout(t);
    await hub.waitStored(backlog + live, 60_000).catch((err: unknown) => log(`  ${name}: ${(err as Error).message}`));
    const stored = hub.last.stored;
    const final = await hub.stop();
    hub = null;
    return {
      backlog,
      live,
      drainMs,
      liveP50Ms: final.liveP50Ms,
      liveP99Ms: final.liveP99Ms,
      stored,
      lost: backlog + live - stored,
    };
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const pump of pumps) pump.stop();
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await hub?.kill();
    store.close();
    await mosquitto.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function main(argv: string[]): Promise<boolean> {
  const fleet = generateFleet({ seed: 1 }).inventory;
  const stationCount = integerFlag('stations', flagValue(argv, 'stations'), fleet.stations.length, 1);
  const minutes = numberFlag('minutes', flagValue(argv, 'minutes'), 60, 1);
  const liveEveryMs = numberFlag('live-every', flagValue(argv, 'live-every'), 10, 0.1) * 1000;
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const camerasOf = new Map<string, Camera[]>();
  for (const c of fleet.cameras) camerasOf.set(c.stationId, [...(camerasOf.get(c.stationId) ?? []), c]);
  const stations: Station[] = fleet.stations.slice(0, stationCount).map((s) => ({
    stationId: s.id,
    cameraIds: (camerasOf.get(s.id) ?? []).map((c) => c.id),
  }));
  const withCameras = stations.filter((s) => s.cameraIds.length > 0);
  log(
    `replay bench: ${withCameras.length} stations reconnect at once, ${minutes} min of outbox each, a live sample every ${liveEveryMs / 1000} s per station; agent replay ≤ ${DEFAULTS.replayMaxMsgsPerSec.value} msg/s, ${DEFAULTS.inflightMax.value} in flight`,
  );
  const postgres = await new PostgresServer().start();
  try {
    const baseline = await phase(false, withCameras, { minutes, liveEveryMs }, postgres, log);
    const lanes = await phase(true, withCameras, { minutes, liveEveryMs }, postgres, log);
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    log('');
    log('| figure | single queue (today) | live first |');
    log('|---|---|---|');
    log(`| backlog (messages) | ${baseline.backlog} | ${lanes.backlog} |`);
    log(`| time to drain | ${s(baseline.drainMs)} | ${s(lanes.drainMs)} |`);
    log(`| live publish→store p50 during the drain | ${s(baseline.liveP50Ms)} | ${s(lanes.liveP50Ms)} |`);
    log(`| live publish→store p99 during the drain | ${s(baseline.liveP99Ms)} | ${s(lanes.liveP99Ms)} |`);
    log(`| live messages | ${baseline.live} | ${lanes.live} |`);
    log(`| lost (made − stored once) | ${baseline.lost} | ${lanes.lost} |`);
    const ok =
      lanes.liveP99Ms < GOAL_LIVE_P99_MS && lanes.drainMs <= baseline.drainMs * DRAIN_TOLERANCE && lanes.lost === 0 && baseline.lost === 0;
    log(`goal: live p99 < ${s(GOAL_LIVE_P99_MS)} and drain ≤ ${DRAIN_TOLERANCE}× baseline, nothing lost: ${ok ? 'met' : 'MISSED'}`);
    log(
      JSON.stringify({
        bench: 'replay',
        stations: withCameras.length,
        minutes,
        backlog: lanes.backlog,
        baselineDrainS: Number((baseline.drainMs / 1000).toFixed(1)),
        drainS: Number((lanes.drainMs / 1000).toFixed(1)),
        baselineLiveP99Ms: Math.round(baseline.liveP99Ms),
        liveP99Ms: Math.round(lanes.liveP99Ms),
        baselineLiveP50Ms: Math.round(baseline.liveP50Ms),
        liveP50Ms: Math.round(lanes.liveP50Ms),
        lost: baseline.lost + lanes.lost,
        goalMet: ok,
      }),
    );
    return ok;
  } finally {
    await postgres.destroy();
  }
}
