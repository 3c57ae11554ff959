import type { ConnectProgress, LoadSample } from './load-sampler.ts';

/** Stored rows/s at least this share of produced rows/s over the steady state counts as keeping up (sampling jitter). */
export const KEEP_UP_RATIO = 0.97;

/** How the run was cut into its two phases (see load-run.ts). */
export interface LoadPhases {
  stations: number;
  /** The connection phase's cap, s: a fleet not all connected by then fails the run. */
  capS: number;
  /** The fleet's booted and connected counts, polled often during the connection phase (its clock). */
  progress: readonly ConnectProgress[];
}

export interface LoadSummary {
  /** Seconds until every station was connected (null: not within the cap). */
  allConnectedS: number | null;
  /** Seconds until the simulators had booted every station (null: not within the connection phase). */
  allBootedS: number | null;
  /** The cap the connection phase had, s. */
  connectCapS: number;
  /** How long the connection phase lasted: until all were connected, or until the cap. */
  connectPhaseS: number | null;
  /**
   * The connection phase against its own baseline, the pace at which the simulators booted stations:
   * stations connected per second until all were (or until the most were), and stations booted per
   * second until all were booted (or over the same time). Connected far below booted: connects are
   * slow (broker, hub); both equal: the simulators' boot pace sets the phase.
   */
  connectPerSec: number | null;
  bootPerSec: number | null;
  /** Samples of the steady window (after every station was connected) and its length, s. */
  steadySamples: number;
  steadyS: number;
  /** The most stations connected at once, and how many were at the end of the connection phase (fewer: connections were lost). */
  connectedMax: number;
  connectedAtPhaseEnd: number | null;
  /** The fewest connected in the steady window (below `stations`: some dropped once connected). */
  steadyConnectedMin: number | null;
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
  /** `pass`: every station connected within the cap, and stored ≥ KEEP_UP_RATIO × produced over the steady window. */
  verdict: 'pass' | 'fail';
  verdictWhy: string;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  lagMaxMs: number | null;
  /** Largest edge backlog seen in the steady state (messages waiting in outboxes). */
  outboxPendingMax: number | null;
  /** Per process: RSS (for postgres: PSS summed over the postmaster and its backends) at the first and last steady sample and the highest, MB; growth in % from first to last. */
  rss: Record<string, { first: number; last: number; max: number; growthPct: number }>;
  /** Per process: mean CPU % of one core over the steady window. */
  cpuPct: Record<string, number>;
  /** Per process: mean CPU % of one core over the connection phase. */
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
const min = (xs: number[]) => (xs.length ? Math.min(...xs) : null);
const perSec = (n: number, s: number | null | undefined) => (s ? Math.round((n / s) * 10) / 10 : null);

/** The connection phase from the fleet's progress; the steady figures from the samples taken once all were connected. */
export function summariseLoad(samples: readonly LoadSample[], phases: LoadPhases): LoadSummary {
  const { stations, capS, progress } = phases;
  const allConnected = progress.find((p) => p.connected >= stations);
  const allBooted = progress.find((p) => p.booted >= stations);
  const phaseEnd = allConnected ?? progress.at(-1);
  const connectedMax = max([...progress, ...samples].map((s) => s.connected)) ?? 0;
  // The pace up to the most stations connected at once: a fleet that later lost connections (a
  // starved machine: keepalives expire) would otherwise show the pace of its collapse.
  const peak =
    allConnected ??
    progress.reduce<ConnectProgress | undefined>((best, p) => (!best || p.connected > best.connected ? p : best), undefined);

  const steady = allConnected ? samples.filter((s) => s.phase === 'steady') : [];
  // CPU and lag are measured over the interval before each sample: the first steady sample's is still the connection phase's.
  const steadyAfterFirst = steady.slice(1);
  const span = steady.length >= 2 ? steady.at(-1)!.t - steady[0]!.t : 0;
  const rate = (f: (s: LoadSample) => number) => (span > 0 ? Math.round((f(steady.at(-1)!) - f(steady[0]!)) / span) : null);
  const rss: LoadSummary['rss'] = {};
  for (const name of Object.keys(steady[0]?.rssMB ?? {})) {
    const series = steady.map((s) => s.rssMB[name]).filter((v): v is number => v !== undefined);
    const first = series[0]!;
    const last = series.at(-1)!;
    rss[name] = { first, last, max: Math.max(...series), growthPct: Math.round(((last - first) / first) * 1000) / 10 };
  }
  const producedRowsPerSec = rate((s) => s.producedRows);
  const storedPerSec = rate((s) => s.stored);
  const storedRatio = storedPerSec !== null && producedRowsPerSec ? Math.round((storedPerSec / producedRowsPerSec) * 100) / 100 : null;
  const last = steady.at(-1);
  const waits: Record<string, number> = {};
  for (const s of samples) for (const [w, n] of Object.entries(s.pgWaits)) waits[w] = (waits[w] ?? 0) + n;
  const verdictWhy = !allConnected
    ? `only ${connectedMax} of ${stations} stations connected within the ${capS} s cap`
    : storedRatio === null
      ? 'too few samples after all stations connected to measure the steady state'
      : storedRatio < KEEP_UP_RATIO
        ? `stored ${storedPerSec}/s < ${KEEP_UP_RATIO} × produced ${producedRowsPerSec}/s over ${span} s once connected`
        : `all connected after ${allConnected.t} s; stored ${storedPerSec}/s ≥ ${KEEP_UP_RATIO} × produced ${producedRowsPerSec}/s over ${span} s`;
  return {
    allConnectedS: allConnected?.t ?? null,
    allBootedS: allBooted?.t ?? null,
    connectCapS: capS,
    connectPhaseS: phaseEnd?.t ?? null,
    connectPerSec: peak ? perSec(peak.connected, peak.t) : null,
    bootPerSec: allBooted ? perSec(stations, allBooted.t) : peak ? perSec(peak.booted, peak.t) : null,
    connectedAtPhaseEnd: phaseEnd?.connected ?? null,
    steadySamples: steady.length,
    steadyS: span,
    connectedMax,
    steadyConnectedMin: min(steady.map((s) => s.connected)),
    stalenessMaxMs: max(steady.map((s) => s.stalenessMs).filter((v): v is number => v !== null)),
    stalenessLastMs: steady.at(-1)?.stalenessMs ?? null,
    storedPerSec,
    producedPerSec: rate((s) => s.produced),
    producedRowsPerSec,
    storedRatio,
    backlogLast: last ? last.producedRows - last.stored : null,
    verdict: allConnected && storedRatio !== null && storedRatio >= KEEP_UP_RATIO ? 'pass' : 'fail',
    verdictWhy,
    lagP50Ms: max(steadyAfterFirst.map((s) => s.lagP50Ms).filter((v): v is number => v !== null)),
    lagP99Ms: max(steadyAfterFirst.map((s) => s.lagP99Ms).filter((v): v is number => v !== null)),
    lagMaxMs: max(steadyAfterFirst.map((s) => s.lagMaxMs).filter((v): v is number => v !== null)),
    outboxPendingMax: max(steady.map((s) => s.outboxPending)),
    rss,
    cpuPct: meanCpu(steadyAfterFirst),
    connectCpuPct: meanCpu(samples.filter((s) => s.phase === 'connect').concat(steady.slice(0, 1))),
    pgProcesses: samples.at(-1)?.pgProcesses ?? null,
    pgWaits: waits,
  };
}
