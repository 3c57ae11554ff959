/**
 * `pnpm bench scale [--messages N]`: one hub, then two hubs sharing the ingest (MQTT 5 shared
 * subscription), on the same private Mosquitto and PostgreSQL in one run; started and stopped here.
 * Both phases use one database; the first warms up every camera, then each sends N camera-status
 * messages flat out. Prints the CPU of
 * every process over the measured window, so the bottleneck is visible on a small machine.
 * Last line: JSON with oneHubMsgsPerSec, twoHubsMsgsPerSec, ratio.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { MosquittoServer, PostgresServer } from '@camwatch/testkit';
import pg from 'pg';
import { CAMERAS_PER_STATION, publishAll, STATIONS, workload } from './ingest-bench.ts';
import { MeteredHub } from '../hub-child/metered-hub.ts';
import { childPids, readProc } from './process-meter.ts';

interface PhaseResult {
  hubs: number;
  msgsPerSec: number;
  /** Messages committed by each hub in the measured window. */
  shares: number[];
  /** CPU % of one core over the window, by process. */
  cpuPct: Record<string, number>;
  /** The whole machine over the window, % of one core: busy in all, and busy outside this bench's processes (other work on the box). */
  machinePct: { busy: number; others: number };
}

/** CPU seconds of a process and its children (PostgreSQL's backends are the postmaster's children). */
function treeCpuS(pid: number): number {
  const self = readProc(pid);
  if (!self) return 0;
  return self.treeCpuS + childPids(pid).reduce((sum, c) => sum + (readProc(c)?.selfCpuS ?? 0), 0);
}

/** Busy and total CPU time of the whole machine (all cores, /proc/stat), in clock ticks. */
function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0); // idle + iowait
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function benchCpuS(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function waitAll(hubs: readonly MeteredHub[], n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const total = () => hubs.reduce((s, h) => s + h.last.stored, 0);
  while (total() < n) {
    if (Date.now() > deadline) throw new Error(`hubs stored ${total()} of ${n} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface PhasePlan {
  /** Warm-up messages before measuring (every camera's first sample takes the slow path). */
  warm: number;
  /** Sequence base, distinct per phase: every message is new to the database. */
  seqBase: number;
}

function startHub(mosquitto: MosquittoServer, postgres: PostgresServer, database: string, hubId: string): MeteredHub {
  return new MeteredHub({
    databaseUrl: postgres.urlFor(database),
    mqttUrl: mosquitto.url,
    mqttUsername: 'bench',
    mqttPassword: 'bench',
    shareGroup: 'camwatch-hub',
    hubId,
  });
}

async function phase(
  hubs: readonly MeteredHub[],
  plan: PhasePlan,
  mosquitto: MosquittoServer,
  postgres: PostgresServer,
  n: number,
  log: (s: string) => void,
): Promise<PhaseResult> {
  const count = hubs.length;
  await Promise.all(hubs.map((h) => h.ready));
  // Counters from the phase before are stale until the next progress report.
  await Promise.all(hubs.map((h) => h.reset()));
  await new Promise((r) => setTimeout(r, 300));
  const warm = workload(plan.warm, plan.seqBase);
  await publishAll(mosquitto.url, warm, 0);
  await waitAll(hubs, warm.length, 600_000);
  await Promise.all(hubs.map((h) => h.reset()));
  await new Promise((r) => setTimeout(r, 300));

  const meters: [string, () => number][] = [
    ...hubs.map((h, i): [string, () => number] => [`hub${i + 1}`, () => readProc(h.pid)?.selfCpuS ?? 0]),
    ['mosquitto', () => readProc(mosquitto.pid ?? 0)?.selfCpuS ?? 0],
    ['postgres', () => treeCpuS(postgres.pid ?? 0)],
    ['publishers', benchCpuS],
  ];
  const before = meters.map(([, f]) => f());
  const machineBefore = machineTicks();
  const msgs = workload(n, plan.seqBase + 1_000_000);
  const { firstPublishAt } = await publishAll(mosquitto.url, msgs, 0);
  await waitAll(hubs, msgs.length, 600_000);
  const lastCommitAt = Math.max(...hubs.map((h) => h.last.lastCommitAt));
  const seconds = (lastCommitAt - firstPublishAt) / 1000;
  const cpuPct = Object.fromEntries(meters.map(([name, f], i) => [name, Math.round((100 * (f() - before[i]!)) / seconds)]));
  const machineAfter = machineTicks();
  const busy = Math.round(
    (100 * cpus().length * (machineAfter.busy - machineBefore.busy)) / Math.max(1, machineAfter.total - machineBefore.total),
  );
  const machinePct = { busy, others: Math.max(0, busy - Object.values(cpuPct).reduce((a, b) => a + b, 0)) };
  const result = { hubs: count, msgsPerSec: n / seconds, shares: hubs.map((h) => h.last.stored), cpuPct, machinePct };
  log(
    `${count} hub(s): ${result.msgsPerSec.toFixed(0)} msg/s stored and committed (shares ${result.shares.join(' + ')}); CPU % of one core: ${Object.entries(
      cpuPct,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; machine busy ${busy} % of ${cpus().length * 100} % (other processes ${machinePct.others} %)`,
  );
  return result;
}

export default async function main(argv: string[]): Promise<void> {
  const i = argv.indexOf('--messages');
  const n = i >= 0 ? Number(argv[i + 1]) : 60_000;
  if (!Number.isInteger(n) || n <= 0) throw new Error('--messages: a positive integer');
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const mosquitto = await new MosquittoServer({
    extraConfig: ['allow_anonymous true', 'max_inflight_messages 0', 'max_queued_messages 0'],
  }).start();
  const postgres = await new PostgresServer().start();
  const hubs: MeteredHub[] = [];
  try {
    log(
      `scale bench: ${n} camera-status messages per phase, ${STATIONS * CAMERAS_PER_STATION} cameras, one Mosquitto, one PostgreSQL, ${cpus().length} CPU cores shared by everything`,
    );
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_scale');
    await admin.end();
    // Both phases on one database: the second starts where the first left it (every camera's intervals open),
    // so neither pays the first-sample slow path in its measured window; the second writes into a table n rows bigger.
    // The first hub stays for the second phase: a stopped hub's persistent session would stay in the
    // shared group and Mosquitto would keep queueing its share for it until it comes back.
    hubs.push(startHub(mosquitto, postgres, 'bench_scale', 'bench-scale-1'));
    const one = await phase(hubs, { warm: STATIONS * CAMERAS_PER_STATION, seqBase: 1_000_000 }, mosquitto, postgres, n, log);
    hubs.push(startHub(mosquitto, postgres, 'bench_scale', 'bench-scale-2'));
    const two = await phase(hubs, { warm: Math.min(n, 5000), seqBase: 10_000_000 }, mosquitto, postgres, n, log);
    const ratio = two.msgsPerSec / one.msgsPerSec;
    const busiest = Object.entries(two.cpuPct).sort((a, b) => b[1] - a[1]);
    const total = busiest.reduce((s, [, v]) => s + v, 0);
    log(
      `two hubs: this bench's processes used ${total} % of ${cpus().length * 100} %, the machine ${two.machinePct.busy} %; busiest ${busiest
        .slice(0, 3)
        .map(([k, v]) => `${k} ${v} %`)
        .join(', ')}`,
    );
    if (ratio < 1.6 && two.machinePct.busy > cpus().length * 100 * 0.85) {
      log(
        "the machine's cores are saturated: the hubs compete with the publishers, the broker, PostgreSQL (and any other work on the box) for the same cores, so a second hub cannot add throughput here",
      );
    }
    log(
      JSON.stringify({
        bench: 'scale',
        messages: n,
        cores: cpus().length,
        oneHubMsgsPerSec: Math.round(one.msgsPerSec),
        twoHubsMsgsPerSec: Math.round(two.msgsPerSec),
        ratio: Number(ratio.toFixed(2)),
        twoHubsShares: two.shares,
        oneHubCpuPct: one.cpuPct,
        twoHubsCpuPct: two.cpuPct,
        oneHubMachinePct: one.machinePct,
        twoHubsMachinePct: two.machinePct,
      }),
    );
  } finally {
    await Promise.all(hubs.map((h) => h.stop().catch(() => h.kill())));
    await mosquitto.destroy();
    await postgres.destroy();
  }
}
