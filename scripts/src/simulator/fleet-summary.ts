import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FleetStats } from './fleet-control.ts';

/** The figures the CLI prints (one JSON line each time), summable across worker processes. */
export type FleetSummary = Omit<FleetStats, 'produced' | 'producedByStation' | 'probes' | 'transitions'> & {
  uptimeS: number;
  produced: number;
  producedByKind: Record<string, number>;
  /** CPU of the simulator process(es) since the previous line, in % of one core. */
  cpuPct: number;
  /** Worst 99th-percentile event-loop delay since the previous line: above ~1 s the fleet is overloaded. */
  loopDelayP99Ms: number;
};

export class SummaryMeter {
  private readonly loop = monitorEventLoopDelay({ resolution: 20 });
  private lastCpu = process.cpuUsage();
  private lastAt = performance.now();
  private readonly began = Date.now();

  constructor() {
    this.loop.enable();
  }

  summarise(stats: FleetStats): FleetSummary {
    const cpu = process.cpuUsage(this.lastCpu);
    const now = performance.now();
    const cpuPct = Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, now - this.lastAt)) * 1000) / 10;
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    const loopDelayP99Ms = Math.round(this.loop.percentile(99) / 1e6);
    this.loop.reset();
    const { producedByStation: _perStation, produced, probes: _probes, transitions: _transitions, ...rest } = stats;
    return {
      uptimeS: Math.round((Date.now() - this.began) / 1000),
      ...rest,
      produced: Object.values(produced).reduce((s, n) => s + n, 0),
      producedByKind: { ...produced },
      cpuPct,
      loopDelayP99Ms,
    };
  }
}

/** Adds the summaries of several worker processes (uptime is the longest, every other figure a sum). */
export function addSummaries(parts: readonly FleetSummary[]): FleetSummary {
  const [first, ...rest] = parts;
  if (!first) throw new RangeError('addSummaries: no summaries');
  const total: FleetSummary = { ...first, producedByKind: { ...first.producedByKind } };
  const numbers = total as unknown as Record<string, number>;
  for (const part of rest) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'uptimeS' || key === 'loopDelayP99Ms') total[key] = Math.max(total[key], part[key]);
      else if (typeof value === 'number') numbers[key] = (numbers[key] ?? 0) + value;
    }
    for (const [kind, n] of Object.entries(part.producedByKind)) total.producedByKind[kind] = (total.producedByKind[kind] ?? 0) + n;
  }
  total.cpuPct = Math.round(total.cpuPct * 10) / 10;
  return total;
}
