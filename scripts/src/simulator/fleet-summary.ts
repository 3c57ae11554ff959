import type { FleetStats } from './fleet-control.ts';

/** The figures the CLI prints (one JSON line each time), summable across worker processes. */
export interface FleetSummary {
  uptimeS: number;
  stations: number;
  cameras: number;
  booted: number;
  running: number;
  connected: number;
  poweredOff: number;
  uplinkDown: number;
  camerasNotOk: number;
  produced: number;
  producedByKind: Record<string, number>;
  sentLive: number;
  sentReplay: number;
  acked: number;
  outboxPending: number;
  rssMB: number;
  /** CPU of the simulator process(es) since the previous line, in % of one core. */
  cpuPct: number;
}

export class SummaryMeter {
  private lastCpu = process.cpuUsage();
  private lastAt = performance.now();
  private readonly began = Date.now();

  summarise(stats: FleetStats): FleetSummary {
    const cpu = process.cpuUsage(this.lastCpu);
    const now = performance.now();
    const cpuPct = Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, now - this.lastAt)) * 1000) / 10;
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    const { producedByStation: _perStation, produced, probes: _probes, transitions: _transitions, ...rest } = stats;
    return {
      uptimeS: Math.round((Date.now() - this.began) / 1000),
      ...rest,
      produced: Object.values(produced).reduce((s, n) => s + n, 0),
      producedByKind: { ...produced },
      cpuPct,
    };
  }
}

/** Adds the summaries of several worker processes (uptime is the longest). */
export function addSummaries(parts: readonly FleetSummary[]): FleetSummary {
  const sum = (pick: (s: FleetSummary) => number) => parts.reduce((s, p) => s + pick(p), 0);
  const byKind: Record<string, number> = {};
  for (const p of parts) for (const [k, n] of Object.entries(p.producedByKind)) byKind[k] = (byKind[k] ?? 0) + n;
  return {
    uptimeS: Math.max(0, ...parts.map((p) => p.uptimeS)),
    stations: sum((p) => p.stations),
    cameras: sum((p) => p.cameras),
    booted: sum((p) => p.booted),
    running: sum((p) => p.running),
    connected: sum((p) => p.connected),
    poweredOff: sum((p) => p.poweredOff),
    uplinkDown: sum((p) => p.uplinkDown),
    camerasNotOk: sum((p) => p.camerasNotOk),
    produced: sum((p) => p.produced),
    producedByKind: byKind,
    sentLive: sum((p) => p.sentLive),
    sentReplay: sum((p) => p.sentReplay),
    acked: sum((p) => p.acked),
    outboxPending: sum((p) => p.outboxPending),
    rssMB: sum((p) => p.rssMB),
    cpuPct: Math.round(sum((p) => p.cpuPct) * 10) / 10,
  };
}
