import type { LoadResult } from './load-run.ts';

const n = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-US'));

/**
 * The human half of `pnpm bench load`: the run against its own baselines (the simulators' boot pace
 * for the connection phase, the rows produced for storage), the verdict, and where the CPU went,
 * per process. The JSON line that follows carries the same figures.
 */
export function formatLoadReport(r: LoadResult): string {
  const lines = [
    `load: ${n(r.cameras)} cameras, ${n(r.stations)} stations, ${r.hubs} hubs + brokers, ${r.shards} simulator processes`,
    `  connection phase: all booted after ${r.allBootedS ?? '—'} s, all connected after ${r.allConnectedS ?? '—'} s ` +
      `(max ${n(r.connectedMax)}); connected ${n(r.connectPerSec)}/s against booted ${n(r.bootPerSec)}/s`,
    `  steady state (${r.steadySamples} samples): produced rows ${n(r.producedRowsPerSec)}/s (all data ${n(r.producedPerSec)}/s), ` +
      `stored ${n(r.storedPerSec)}/s, ratio ${r.storedRatio ?? '—'}; backlog at the end ${n(r.backlogLast)} rows; ` +
      `lag p50 ${n(r.lagP50Ms)} ms, p99 ${n(r.lagP99Ms)} ms; staleness last ${n(r.stalenessLastMs)} ms`,
    `  verdict: ${r.verdict.toUpperCase()} (${r.verdictWhy})`,
    `  CPU % of one core, connecting | steady (postgres = ${r.pgProcesses ?? '—'} processes with its backends):`,
  ];
  for (const name of Object.keys({ ...r.connectCpuPct, ...r.cpuPct }))
    lines.push(`    ${name.padEnd(12)} ${String(r.connectCpuPct[name] ?? '—').padStart(4)} | ${String(r.cpuPct[name] ?? '—').padStart(4)}`);
  const waits = Object.entries(r.pgWaits).sort((a, b) => b[1] - a[1]);
  lines.push(`  PostgreSQL waits seen (active backends, summed over samples): ${waits.map(([w, c]) => `${w} ${c}`).join(', ') || 'none'}`);
  return lines.join('\n');
}
