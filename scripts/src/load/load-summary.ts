import type { LoadSample } from './load-sampler.ts';

export interface LoadSummary {
  /** Seconds until every station was connected (null: never within the run). */
  allConnectedS: number | null;
  /** Over the samples after that point (the steady state), or the second half of the run when it never got there. */
  steadySamples: number;
  /** The most stations connected at once. */
  connectedMax: number;
  stalenessMaxMs: number | null;
  stalenessLastMs: number | null;
  storedPerSec: number | null;
  producedPerSec: number | null;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  lagMaxMs: number | null;
  /** Largest edge backlog seen in the steady state (messages waiting in outboxes). */
  outboxPendingMax: number | null;
  /** Per process: RSS (for postgres: PSS summed over the postmaster and its backends) at the first and last steady sample and the highest, MB; growth in % from first to last. */
  rss: Record<string, { first: number; last: number; max: number; growthPct: number }>;
  /** Per process: mean CPU % of one core over the steady state. */
  cpuPct: Record<string, number>;
}

const max = (xs: number[]) => (xs.length ? Math.max(...xs) : null);

/** Figures of the steady state: everything after all stations were connected (or the second half of the run). */
export function summariseLoad(samples: readonly LoadSample[], stations: number): LoadSummary {
  const firstAll = samples.find((s) => s.connected >= stations);
  const steady = firstAll ? samples.filter((s) => s.t >= firstAll.t) : samples.slice(Math.floor(samples.length / 2));
  const span = steady.length >= 2 ? steady.at(-1)!.t - steady[0]!.t : 0;
  const rate = (f: (s: LoadSample) => number) => (span > 0 ? Math.round((f(steady.at(-1)!) - f(steady[0]!)) / span) : null);
  const rss: LoadSummary['rss'] = {};
  const cpuPct: LoadSummary['cpuPct'] = {};
  for (const name of Object.keys(steady[0]?.rssMB ?? {})) {
    const series = steady.map((s) => s.rssMB[name]).filter((v): v is number => v !== undefined);
    const first = series[0]!;
    const last = series.at(-1)!;
    rss[name] = { first, last, max: Math.max(...series), growthPct: Math.round(((last - first) / first) * 1000) / 10 };
    const cpu = steady.map((s) => s.cpuPct[name]).filter((v): v is number => v !== undefined);
    if (cpu.length) cpuPct[name] = Math.round(cpu.reduce((a, b) => a + b, 0) / cpu.length);
  }
  return {
    allConnectedS: firstAll?.t ?? null,
    steadySamples: steady.length,
    connectedMax: max(samples.map((s) => s.connected)) ?? 0,
    stalenessMaxMs: max(steady.map((s) => s.stalenessMs).filter((v): v is number => v !== null)),
    stalenessLastMs: steady.at(-1)?.stalenessMs ?? null,
    storedPerSec: rate((s) => s.stored),
    producedPerSec: rate((s) => s.produced),
    lagP50Ms: max(steady.map((s) => s.lagP50Ms).filter((v): v is number => v !== null)),
    lagP99Ms: max(steady.map((s) => s.lagP99Ms).filter((v): v is number => v !== null)),
    lagMaxMs: max(steady.map((s) => s.lagMaxMs).filter((v): v is number => v !== null)),
    outboxPendingMax: max(steady.map((s) => s.outboxPending)),
    rss,
    cpuPct,
  };
}
