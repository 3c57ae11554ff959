/**
 * `pnpm bench ingest [--messages N] [--rate R] [--durable]`: the hub's ingest on this machine,
 * self-contained (a private Mosquitto and PostgreSQL, stopped at the end). Measures
 *   (a) a bare MQTT 5 subscriber's receive rate through the broker (QoS 1), subscribed the way
 *       the hub is (plainly, or in the shared group MQTT_SHARE_GROUP when that is set),
 *   (b) the raw COPY rate of the same rows into the same database,
 *   (c) the full hub pipeline (validate → batch → idempotent insert → status → commit → PUBACK),
 *       flat out: rows actually inserted and committed per second (conflicts are not counted),
 *   (d) the hub at a steady rate (default 10,000 msg/s: 100,000 cameras every 10 s, or 80 % of (c)
 *       if lower): latency from each message's scheduled send time (so a publisher that falls
 *       behind shows as latency, not as a slower schedule) to its commit, p50/p99, and the hub's RSS.
 * PostgreSQL runs as the tests run it (fsync, synchronous_commit, full_page_writes off) unless
 * `--durable` turns them on as in production; the JSON says which (`fsync`).
 * The hub runs in its own process (MeteredHub, the harness the chaos runs use too) so its RSS and CPU are its own.
 * Last line: JSON with brokerMsgsPerSec, copyRowsPerSec, hubMsgsPerSec, p50Ms, p99Ms, hubRssMB, the hub's CPU
 * per message (hubCpuUsPerMsg flat out, steadyCpuUsPerMsg at the steady rate; user + system, all threads), ratio.
 */
import { encodeJson, filterFor, sharedFilter, topicFor, type PayloadOf } from '@camwatch/config';
import { MosquittoServer, PostgresServer } from '@camwatch/testkit';
import { migrate, PgDb } from '@camwatch/hub/testing';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { flagValue, numberFlag } from '../cli/number-flag.ts';
import { MeteredHub } from '../hub-child/metered-hub.ts';

export const STATIONS = 2500;
export const CAMERAS_PER_STATION = 4;
const PUBLISHERS = 4;
const BOOT = 'boot-bench-0001';

interface Msg {
  topic: string;
  stationId: string;
  cameraId: string;
  seq: number;
}

/** The workload: camera status messages round-robin over 10,000 cameras, ~1 % of them changes. */
export function workload(n: number, seqBase: number): Msg[] {
  const out: Msg[] = [];
  for (let i = 0; i < n; i++) {
    const s = i % STATIONS;
    const c = Math.floor(i / STATIONS) % CAMERAS_PER_STATION;
    const stationId = `BS-${String(s).padStart(5, '0')}`;
    const cameraId = `${stationId}-C${c + 1}`;
    out.push({ topic: topicFor('cameraStatus', { stationId, cameraId }), stationId, cameraId, seq: seqBase + i });
  }
  return out;
}

function payload(m: Msg, ts: number): PayloadOf<'cameraStatus'> {
  const down = m.seq % 97 === 0;
  return {
    stationId: m.stationId,
    bootId: BOOT,
    seq: m.seq,
    ts,
    replay: false,
    cameraId: m.cameraId,
    status: down ? 'down' : 'ok',
    cause: down ? 'unreachable' : null,
    detail: '',
    stream: { codec: 'h264', width: 1920, height: 1080, fps: 25, bitrateKbps: 2048 },
    picture: null,
    checkMs: 850,
  };
}

/** Publishes over several clients; `rate` msg/s (0 = as fast as QoS 1 allows). Resolves when all are PUBACKed. */
export async function publishAll(url: string, msgs: Msg[], rate: number): Promise<{ firstPublishAt: number; lastAckAt: number }> {
  const clients = await Promise.all(
    Array.from({ length: PUBLISHERS }, (_, i) =>
      mqtt.connectAsync(url, { clientId: `bench-pub-${i}-${process.pid}`, protocolVersion: 5, clean: true }),
    ),
  );
  const firstPublishAt = Date.now();
  try {
    const per = Math.ceil(msgs.length / PUBLISHERS);
    await Promise.all(
      clients.map(async (client, k) => {
        const mine = msgs.slice(k * per, (k + 1) * per);
        const window: Promise<unknown>[] = [];
        for (let i = 0; i < mine.length; i++) {
          // At a steady rate a message carries its scheduled send time: a publisher stalled behind its schedule counts as latency.
          let ts = Date.now();
          if (rate > 0) {
            const due = firstPublishAt + ((i * PUBLISHERS + k) * 1000) / rate;
            const wait = due - Date.now();
            if (wait > 2) await new Promise((r) => setTimeout(r, wait));
            ts = Math.round(due);
          }
          const m = mine[i]!;
          window.push(client.publishAsync(m.topic, encodeJson('cameraStatus', payload(m, ts)), { qos: 1 }));
          if (window.length >= 500) await Promise.all(window.splice(0, 250));
        }
        await Promise.all(window);
      }),
    );
    return { firstPublishAt, lastAckAt: Date.now() };
  } finally {
    await Promise.all(clients.map((c) => c.endAsync()));
  }
}

async function bareSubscriber(url: string, msgs: Msg[]): Promise<number> {
  const sub: MqttClient = await mqtt.connectAsync(url, {
    clientId: `bench-sub-${process.pid}`,
    protocolVersion: 5,
    clean: true,
    properties: { receiveMaximum: 65_535 },
  });
  let got = 0;
  let last = 0;
  const done = new Promise<void>((resolve) =>
    sub.on('message', () => {
      got++;
      last = Date.now();
      if (got === msgs.length) resolve();
    }),
  );
  // The hub's subscription mode: plain by default, shared only when the hub is given a group.
  const group = process.env.MQTT_SHARE_GROUP;
  await sub.subscribeAsync(group ? sharedFilter(group, filterFor('cameraStatus')) : filterFor('cameraStatus'), { qos: 1 });
  const { firstPublishAt } = await publishAll(url, msgs, 0);
  await done;
  await sub.endAsync();
  return msgs.length / ((last - firstPublishAt) / 1000);
}

async function copyRate(url: string, msgs: Msg[]): Promise<number> {
  const db = await PgDb.connect(url);
  try {
    await migrate(db);
    const now = Date.now();
    const cols = [
      'station_id',
      'boot_id',
      'seq',
      'ts',
      'received_at',
      'replay',
      'camera_id',
      'status',
      'cause',
      'detail',
      'stream',
      'picture',
      'check_ms',
    ];
    const rows = msgs.map((m) => {
      const p = payload(m, now + m.seq);
      return [
        p.stationId,
        p.bootId,
        p.seq,
        new Date(p.ts),
        new Date(),
        false,
        p.cameraId,
        p.status,
        p.cause,
        p.detail,
        p.stream,
        p.picture,
        p.checkMs,
      ];
    });
    const t = performance.now();
    for (let i = 0; i < rows.length; i += 2000) await db.copyRows('camera_status_samples', cols, rows.slice(i, i + 2000));
    return rows.length / ((performance.now() - t) / 1000);
  } finally {
    await db.close();
  }
}

/**
 * The hub process's node flags: with BENCH_CPU_PROF=<dir>, it writes a V8 CPU profile there on exit (where a
 * batch's time goes); with BENCH_HEAP_PROF=<dir>, a sampling heap profile (what allocates, for the collector's share).
 */
export function profiled(): string[] {
  const cpu = process.env.BENCH_CPU_PROF;
  const heap = process.env.BENCH_HEAP_PROF;
  return [...(cpu ? ['--cpu-prof', `--cpu-prof-dir=${cpu}`] : []), ...(heap ? ['--heap-prof', `--heap-prof-dir=${heap}`] : [])];
}

export default async function main(argv: string[]): Promise<void> {
  const n = numberFlag('messages', flagValue(argv, 'messages'), 60_000, 0);
  const targetRate = numberFlag('rate', flagValue(argv, 'rate'), 10_000, 0);
  const log = (s: string) => process.stdout.write(`${s}\n`);
  // Unlimited in-flight QoS 1 towards subscribers: the hub acknowledges after commit, so it needs a wide window.
  const durable = argv.includes('--durable');
  const mosquitto = await new MosquittoServer({
    extraConfig: ['allow_anonymous true', 'max_inflight_messages 0', 'max_queued_messages 0'],
  }).start();
  const postgres = await new PostgresServer({ durable }).start();
  let hub: MeteredHub | null = null;
  try {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_copy');
    await admin.query('CREATE DATABASE bench_hub');
    await admin.end();

    log(
      `ingest bench: ${n} camera-status messages, ${STATIONS * CAMERAS_PER_STATION} cameras, ${PUBLISHERS} publishers, PostgreSQL fsync ${durable ? 'on' : 'off'}, subscription ${process.env.MQTT_SHARE_GROUP ? `shared (${process.env.MQTT_SHARE_GROUP})` : 'plain'}`,
    );
    const brokerRate = await bareSubscriber(mosquitto.url, workload(n, 0));
    log(`(a) bare subscriber: ${brokerRate.toFixed(0)} msg/s`);
    const copyRowsPerSec = await copyRate(postgres.urlFor('bench_copy'), workload(n, 0));
    log(`(b) raw COPY:        ${copyRowsPerSec.toFixed(0)} rows/s`);

    hub = new MeteredHub(
      {
        databaseUrl: postgres.urlFor('bench_hub'),
        mqttUrl: mosquitto.url,
        mqttUsername: 'bench',
        mqttPassword: 'bench',
        hubId: 'bench-ingest',
        shareGroup: process.env.MQTT_SHARE_GROUP || null,
      },
      profiled(),
    );
    await hub.ready;
    // Warm-up: every camera's first sample opens its intervals (the slow path); steady state is what counts.
    const warm = workload(STATIONS * CAMERAS_PER_STATION, 1_000_000);
    await publishAll(mosquitto.url, warm, 0);
    await hub.waitStored(warm.length, 120_000);
    await hub.reset();
    await new Promise((r) => setTimeout(r, 200));

    const flat = workload(n, 2_000_000);
    const { firstPublishAt } = await publishAll(mosquitto.url, flat, 0);
    await hub.waitStored(flat.length, 120_000);
    const hubMsgsPerSec = flat.length / ((hub.last.lastCommitAt - firstPublishAt) / 1000);
    // The hub process's own CPU (user + system, all threads: GC, libuv, pg and mqtt sockets) per stored message.
    const hubCpuUsPerMsg = hub.last.cpuUs / flat.length;
    log(`(c) hub pipeline:    ${hubMsgsPerSec.toFixed(0)} msg/s stored and committed, hub CPU ${hubCpuUsPerMsg.toFixed(1)} µs/msg`);

    const rate = Math.min(targetRate, Math.floor(0.8 * hubMsgsPerSec));
    const steady = workload(Math.min(n, rate * 10), 3_000_000);
    await hub.reset();
    await hub.measure();
    await new Promise((r) => setTimeout(r, 200));
    await publishAll(mosquitto.url, steady, rate);
    await hub.waitStored(steady.length, 120_000);
    const steadyCpuUsPerMsg = hub.last.cpuUs / steady.length;
    const final = await hub.stop();
    hub = null;
    log(
      `(d) steady ${rate} msg/s for ${(steady.length / rate).toFixed(0)} s: publish→commit p50 ${final.p50Ms.toFixed(0)} ms, p99 ${final.p99Ms.toFixed(0)} ms, hub RSS ${final.rssMB.toFixed(0)} MB, hub CPU ${steadyCpuUsPerMsg.toFixed(1)} µs/msg`,
    );

    const ratio = hubMsgsPerSec / Math.min(brokerRate, copyRowsPerSec);
    const result = {
      bench: 'ingest',
      messages: n,
      fsync: durable,
      brokerMsgsPerSec: Math.round(brokerRate),
      copyRowsPerSec: Math.round(copyRowsPerSec),
      hubMsgsPerSec: Math.round(hubMsgsPerSec),
      steadyRate: rate,
      p50Ms: Math.round(final.p50Ms),
      p99Ms: Math.round(final.p99Ms),
      hubRssMB: Math.round(final.rssMB),
      hubCpuUsPerMsg: Number(hubCpuUsPerMsg.toFixed(1)),
      steadyCpuUsPerMsg: Number(steadyCpuUsPerMsg.toFixed(1)),
      ratio: Number(ratio.toFixed(2)),
    };
    log('');
    log('| figure | value |');
    log('|---|---|');
    log(`| (a) broker, bare subscriber | ${result.brokerMsgsPerSec} msg/s |`);
    log(`| (b) raw COPY | ${result.copyRowsPerSec} rows/s |`);
    log(`| (c) hub stored+committed | ${result.hubMsgsPerSec} msg/s |`);
    log(`| ratio c / min(a, b) | ${result.ratio} (goal ≥ 0.6) |`);
    log(`| latency at ${rate} msg/s | p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms (goal p99 < 1000) |`);
    log(`| hub RSS | ${result.hubRssMB} MB |`);
    log(`| hub CPU per message | ${result.hubCpuUsPerMsg} µs flat out, ${result.steadyCpuUsPerMsg} µs at ${rate} msg/s (goal ≤ 20) |`);
    log(JSON.stringify(result));
  } finally {
    await hub?.kill();
    await mosquitto.destroy();
    await postgres.destroy();
  }
}
