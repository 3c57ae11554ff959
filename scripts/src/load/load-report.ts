import type { LoadResult } from './load-run.ts';

const n = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-US'));

/**
 * The human half of `pnpm bench load`: each phase against its own baseline (the simulators' boot
 * pace for the connection phase, the rows produced for the steady window), the verdict, and where
 * the CPU went, per process and phase. The JSON line that follows carries the same figures.
 */
export function formatLoadReport(r: LoadResult): string {
  const lines = [
    `load: ${n(r.cameras)} cameras, ${n(r.stations)} stations, ${r.hubs} hubs + brokers, ${r.shards} simulator processes`,
    `  connection phase (cap ${r.connectCapS} s): ${r.allConnectedS === null ? `NOT all connected, max ${n(r.connectedMax)}, ${n(r.connectedAtPhaseEnd)} at the cap` : `all connected after ${r.allConnectedS} s`}; ` +
      `connected ${n(r.connectPerSec)}/s against booted ${n(r.bootPerSec)}/s (all booted after ${r.allBootedS ?? '—'} s)`,
    `  steady window (${r.steadyS} s, ${r.steadySamples} samples, fewest connected ${n(r.steadyConnectedMin)}): ` +
      `produced rows ${n(r.producedRowsPerSec)}/s (all data ${n(r.producedPerSec)}/s), stored ${n(r.storedPerSec)}/s, ratio ${r.storedRatio ?? '—'}; ` +
      `backlog at the end ${n(r.backlogLast)} rows; lag p50 ${n(r.lagP50Ms)} ms, p99 ${n(r.lagP99Ms)} ms; staleness last ${n(r.stalenessLastMs)} ms`,
    `  verdict: ${r.verdict.toUpperCase()} (${r.verdictWhy})`,
    `  CPU % of one core, connection phase | steady window (postgres = ${r.pgProcesses ?? '—'} processes with its backends):`,
  ];
  for (const name of Object.keys({ ...r.connectCpuPct, ...r.cpuPct }))
    lines.push(`    ${name.padEnd(12)} ${String(r.connectCpuPct[name] ?? '—').padStart(4)} | ${String(r.cpuPct[name] ?? '—').padStart(4)}`);
  const waits = Object.entries(r.pgWaits).sort((a, b) => b[1] - a[1]);
  lines.push(`  PostgreSQL waits seen (active backends, summed over samples): ${waits.map(([w, c]) => `${w} ${c}`).join(', ') || 'none'}`);
  return lines.join('\n');
}
