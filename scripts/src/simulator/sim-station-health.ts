import type { Clock, HealthReading, HealthSampler } from '@camwatch/edge-agent';
import { rngFor, uniform, type Rng } from './prng.ts';

/**
 * Plausible readings of a station box (a small ARM or x86 board in a street cabinet in the
 * Mekong delta): low CPU, warm, a disk that fills slowly, 4G latency with spikes. Seeded per
 * station; uptime restarts at each simulated boot.
 */
export class SimHealthSampler implements HealthSampler {
  private readonly rng: Rng;
  private readonly base: { cpu: number; mem: number; disk: number; temp: number | null; latency: number };

  constructor(
    seed: number,
    stationId: string,
    private readonly bootedAt: number,
    private readonly clock: Clock,
    /** False while the uplink is cut: no latency can be measured. */
    private readonly uplinkUp: () => boolean,
  ) {
    const setup = rngFor(seed, stationId, 'health-base');
    this.base = {
      cpu: uniform(setup, 2, 12),
      mem: uniform(setup, 25, 55),
      disk: uniform(setup, 20, 70),
      // Some boards expose no thermal zone.
      temp: setup() < 0.15 ? null : uniform(setup, 42, 62),
      latency: uniform(setup, 35, 180),
    };
    this.rng = rngFor(seed, stationId, 'health', String(bootedAt));
  }

  async sample(): Promise<HealthReading> {
    const r = this.rng;
    const cpuPct = clamp(this.base.cpu + uniform(r, -2, 6), 0, 100);
    const spike = r() < 0.05 ? uniform(r, 300, 2500) : 0;
    return {
      cpuPct: round1(cpuPct),
      load1: round1(Math.max(0, (cpuPct / 100) * 2 + uniform(r, 0, 0.3))),
      memUsedPct: round1(clamp(this.base.mem + uniform(r, -3, 3), 0, 100)),
      diskUsedPct: round1(clamp(this.base.disk, 0, 100)),
      tempC: this.base.temp === null ? null : round1(this.base.temp + uniform(r, -2, 4)),
      uptimeS: Math.max(0, Math.floor((this.clock.now() - this.bootedAt) / 1000)),
      uplinkLatencyMs: this.uplinkUp() ? round1(this.base.latency * uniform(r, 0.8, 1.4) + spike) : null,
    };
  }
}

/** A station box's clock: true time plus the skew the fault model gives the station. */
export class SkewedClock implements Clock {
  constructor(private readonly skewMs: () => number) {}

  now(): number {
    return Date.now() + this.skewMs();
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
