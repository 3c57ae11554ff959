import type { LoadSample } from './load-sampler.ts';

/** Stored rows/s at least this share of produced rows/s over the steady state counts as keeping up (sampling jitter). */
export const KEEP_UP_RATIO = 0.97;

export interface LoadSummary {
  /** Seconds until every station was connected (null: never within the run). */
  allConnectedS: number | null;
  /** Seconds until the simulators had booted every station (null: not within the run). */
  allBootedS: number | null;
  /**
   * The connection phase against its own baseline, the pace at which the simulators booted stations:
   * stations connected per second up to the last sample before all were connected (or the end), and
   * stations booted per second over the same time. Connected far below booted: connects are slow
   * (broker, hub); both low: the simulators boot slowly.
   */
  connectPerSec: number | null;
  bootPerSec: number | null;
  /** Over the samples after that point (the steady state), or the second half of the run when it never got there. */
  steadySamples: number;
  /** The most stations connected at once. */
  connectedMax: number;
  stalenessMaxMs: number | null;
  stalenessLastMs: number | null;
  /** Rows stored per second over the steady state (health, camera status, events). */
  storedPerSec: number | null;
  /** Data messages produced per second, snapshots included. */
  producedPerSec: number | null;
  /** The baseline of the same run: health, camera status and event messages produced per second, the kinds `storedPerSec` counts. */
  producedRowsPerSec: number | null;
  /** storedPerSec ÷ producedRowsPerSec: 1 when the hubs keep up, below when a backlog grows somewhere. */
  storedRatio: number | null;
  /** Rows produced but not stored yet at the last steady sample (outbox, broker, hub queue and batch in flight). */
  backlogLast: number | null;
  /** `pass`: every station connected within the run, and stored ≥ KEEP_UP_RATIO × produced once connected. */
  verdict: 'pass' | 'fail';
  verdictWhy: string;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  lagMaxMs: number | null;
  /** Largest edge backlog seen in the steady state (messages waiting in outboxes). */
  outboxPendingMax: number | null;
  /** Per process: RSS (for postgres: PSS summed over the postmaster and its backends) at the first and last steady sample and the highest, MB; growth in % from first to last. */
  rss: Record<string, { first: number; last: number; max: number; growthPct: number }>;
  /** Per process: mean CPU % of one core over the steady state. */
  cpuPct: Record<string, number>;
  /** Per process: mean CPU % of one core over the connection phase (up to all connected, or the whole run). */
  connectCpuPct: Record<string, number>;
  /** PostgreSQL processes metered at the last sample (postmaster, backends, workers). */
  pgProcesses: number | null;
  /** Active backends waiting, by wait event, summed over every sample (what the database waited on). */
  pgWaits: Record<string, number>;
}

function meanCpu(samples: readonly LoadSample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of new Set(samples.flatMap((s) => Object.keys(s.cpuPct)))) {
    const cpu = samples.map((s) => s.cpuPct[name]).filter((v): v is number => v !== undefined);
    if (cpu.length) out[name] = Math.round(cpu.reduce((a, b) => a + b, 0) / cpu.length);
  }
  return out;
}

const max = (xs: number[]) => (xs.length ? Math.max(...xs) : null);

/** Figures of the steady state: everything after all stations were connected (or the second half of the run). */
export function summariseLoad(samples: readonly LoadSample[], stations: number): LoadSummary {
  const firstAll = samples.find((s) => s.connected >= stations);
  const steady = firstAll ? samples.filter((s) => s.t >= firstAll.t) : samples.slice(Math.floor(samples.length / 2));
  const span = steady.length >= 2 ? steady.at(-1)!.t - steady[0]!.t : 0;
  const rate = (f: (s: LoadSample) => number) => (span > 0 ? Math.round((f(steady.at(-1)!) - f(steady[0]!)) / span) : null);
  const rss: LoadSummary['rss'] = {};
  for (const name of Object.keys(steady[0]?.rssMB ?? {})) {
    const series = steady.map((s) => s.rssMB[name]).filter((v): v is number => v !== undefined);
    const first = series[0]!;
    const last = series.at(-1)!;
    rss[name] = { first, last, max: Math.max(...series), growthPct: Math.round(((last - first) / first) * 1000) / 10 };
  }
  const connecting = firstAll ? samples.filter((s) => s.t <= firstAll.t) : samples;
  // Up to the last sample before all were connected: the sample that finds them all may come long after.
  const phaseEnd = firstAll ? (samples[samples.indexOf(firstAll) - 1] ?? firstAll) : samples.at(-1);
  const perSec = (n: number | undefined) => (phaseEnd && phaseEnd.t > 0 && n !== undefined ? Math.round(n / phaseEnd.t) : null);
  const producedRowsPerSec = rate((s) => s.producedRows);
  const storedPerSec = rate((s) => s.stored);
  const storedRatio = storedPerSec !== null && producedRowsPerSec ? Math.round((storedPerSec / producedRowsPerSec) * 100) / 100 : null;
  const last = steady.at(-1);
  const waits: Record<string, number> = {};
  for (const s of samples) for (const [w, n] of Object.entries(s.pgWaits)) waits[w] = (waits[w] ?? 0) + n;
  const verdictWhy = !firstAll
    ? `only ${max(samples.map((s) => s.connected)) ?? 0} of ${stations} stations connected within the run`
    : storedRatio === null
      ? 'too few samples after all stations connected to measure the steady state'
      : storedRatio < KEEP_UP_RATIO
        ? `stored ${storedPerSec}/s < ${KEEP_UP_RATIO} × produced ${producedRowsPerSec}/s once connected`
        : `all connected after ${firstAll.t} s; stored ${storedPerSec}/s ≥ ${KEEP_UP_RATIO} × produced ${producedRowsPerSec}/s`;
  return {
    allConnectedS: firstAll?.t ?? null,
    allBootedS: samples.find((s) => s.booted >= stations)?.t ?? null,
    connectPerSec: perSec(phaseEnd?.connected),
    bootPerSec: perSec(phaseEnd?.booted),
    steadySamples: steady.length,
    connectedMax: max(samples.map((s) => s.connected)) ?? 0,
    stalenessMaxMs: max(steady.map((s) => s.stalenessMs).filter((v): v is number => v !== null)),
    stalenessLastMs: steady.at(-1)?.stalenessMs ?? null,
    storedPerSec,
    producedPerSec: rate((s) => s.produced),
    producedRowsPerSec,
    storedRatio,
    backlogLast: last ? last.producedRows - last.stored : null,
    verdict: firstAll && storedRatio !== null && storedRatio >= KEEP_UP_RATIO ? 'pass' : 'fail',
    verdictWhy,
    lagP50Ms: max(steady.map((s) => s.lagP50Ms).filter((v): v is number => v !== null)),
    lagP99Ms: max(steady.map((s) => s.lagP99Ms).filter((v): v is number => v !== null)),
    lagMaxMs: max(steady.map((s) => s.lagMaxMs).filter((v): v is number => v !== null)),
    outboxPendingMax: max(steady.map((s) => s.outboxPending)),
    rss,
    cpuPct: meanCpu(steady),
    connectCpuPct: meanCpu(connecting),
    pgProcesses: samples.at(-1)?.pgProcesses ?? null,
    pgWaits: waits,
  };
}
