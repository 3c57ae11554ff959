import { describe, expect, it } from 'vitest';
import type { ConnectProgress, LoadSample } from '../src/load/load-sampler.ts';
import { summariseLoad, type LoadPhases } from '../src/load/load-summary.ts';

const STATIONS = 100;
const CAP_S = 300;

interface RunShape {
  /** Stations booted per second; connected follow `connectLagS` behind. */
  bootPerS: number;
  connectLagS?: number;
  /** Share of the rows produced that the hubs store, during the connection phase and once all are connected. */
  storeShareConnecting?: number;
  storeShareSteady: number;
  steadyS?: number;
}

/**
 * A run as load-run.ts records it: the fleet polled every 5 s while it connects (full samples every
 * 30 s meanwhile), then, once all are connected, a steady sample at once and every 30 s for
 * `steadyS`; or, when the cap comes first, no steady window at all. The fleet produces 10 rows/s per
 * 100 connected stations; the hubs store `storeShare` of what was produced in each interval.
 */
function run(shape: RunShape): { samples: LoadSample[]; phases: LoadPhases } {
  const { bootPerS, connectLagS = 0, storeShareConnecting = 1, storeShareSteady, steadyS = 180 } = shape;
  const booted = (t: number) => Math.min(STATIONS, Math.floor(bootPerS * t));
  const connected = (t: number) => booted(Math.max(0, t - connectLagS));
  const progress: ConnectProgress[] = [];
  const samples: LoadSample[] = [];
  let produced = 0;
  let stored = 0;
  let last = 0;
  const advance = (t: number, share: number) => {
    for (let s = last; s < t; s++) {
      const rows = (10 * connected(s)) / STATIONS;
      produced += rows;
      stored += rows * share;
    }
    last = t;
  };
  const sample = (t: number, phase: LoadSample['phase'], k: number): LoadSample => ({
    t,
    phase,
    booted: booted(t),
    connected: connected(t),
    outboxPending: 0,
    produced: Math.round(produced * 1.3),
    producedRows: Math.round(produced),
    acked: Math.round(produced * 1.3),
    stored: Math.round(stored),
    stalenessMs: 500,
    lagP50Ms: 100,
    lagP99Ms: phase === 'steady' && k > 0 ? 900 : 60_000,
    lagMaxMs: 1000,
    rssMB: { 'hub-0': 300 + k, postgres: 200 },
    cpuPct: samples.length === 0 ? {} : { 'hub-0': phase === 'connect' || k === 0 ? 80 : 20, postgres: 40 },
    pgProcesses: 20,
    pgBackends: 14,
    pgActive: 1,
    pgWaits: k === 1 ? { 'Lock:advisory': 2 } : {},
  });
  let t = 0;
  let allAt: number | null = null;
  while (t < CAP_S) {
    t += 5;
    advance(t, storeShareConnecting);
    progress.push({ t, booted: booted(t), connected: connected(t) });
    if (connected(t) >= STATIONS) {
      allAt = t;
      break;
    }
    if (t % 30 === 0) samples.push(sample(t, 'connect', 0));
  }
  if (allAt !== null)
    for (let k = 0; k * 30 <= steadyS; k++) {
      advance(allAt + k * 30, storeShareSteady);
      samples.push(sample(allAt + k * 30, 'steady', k));
    }
  return { samples, phases: { stations: STATIONS, capS: CAP_S, progress } };
}

describe('load summary: a connection phase as long as it takes, then a steady window judged on its own', () => {
  it('passes when every station connected within the cap and the rows stored keep up over the steady window', () => {
    const { samples, phases } = run({ bootPerS: 1, storeShareSteady: 1 });
    const s = summariseLoad(samples, phases);
    expect(s.allConnectedS).toBe(100);
    expect(s.connectPhaseS).toBe(100);
    expect(s.connectPerSec).toBe(1);
    expect(s.bootPerSec).toBe(1);
    expect(s.steadyS).toBe(180);
    expect(s.steadySamples).toBe(7);
    expect(s.steadyConnectedMin).toBe(STATIONS);
    expect(s.producedRowsPerSec).toBe(10);
    expect(s.storedRatio).toBe(1);
    expect(s.verdict).toBe('pass');
    expect(s.verdictWhy).toBe('all connected after 100 s; stored 10/s ≥ 0.97 × produced 10/s over 180 s');
    expect(s.pgWaits).toEqual({ 'Lock:advisory': 2 });
  });

  it('judges only the steady window: a storm that fell behind while connecting does not fail a fleet that keeps up once connected', () => {
    const { samples, phases } = run({ bootPerS: 1, storeShareConnecting: 0.3, storeShareSteady: 1 });
    const s = summariseLoad(samples, phases);
    expect(s.storedRatio).toBe(1);
    expect(s.verdict).toBe('pass');
    // CPU and lag of each phase on their own: the first steady sample still measured the connection phase.
    expect(s.connectCpuPct['hub-0']).toBe(80);
    expect(s.cpuPct['hub-0']).toBe(20);
    expect(s.lagP99Ms).toBe(900);
    expect(s.rss['hub-0']).toEqual({ first: 300, last: 306, max: 306, growthPct: 2 });
  });

  it('fails when the hubs store less than they are sent over the steady window, and says by how much', () => {
    const { samples, phases } = run({ bootPerS: 1, storeShareSteady: 0.6 });
    const s = summariseLoad(samples, phases);
    expect(s.storedRatio).toBe(0.6);
    expect(s.verdict).toBe('fail');
    expect(s.verdictWhy).toBe('stored 6/s < 0.97 × produced 10/s over 180 s once connected');
    expect(s.backlogLast).toBeGreaterThan(0);
  });

  it('fails when the cap comes before every station connected, whatever was stored, and reports the phase against the boot pace', () => {
    // Booted at 1/s, but connects lag 250 s behind: at the 300 s cap only 50 of 100 are connected.
    const { samples, phases } = run({ bootPerS: 1, connectLagS: 250, storeShareSteady: 1 });
    const s = summariseLoad(samples, phases);
    expect(s.allConnectedS).toBeNull();
    expect(s.allBootedS).toBe(100);
    expect(s.connectPhaseS).toBe(CAP_S);
    expect(s.connectedMax).toBe(50);
    expect(s.connectedAtPhaseEnd).toBe(50);
    expect(s.connectPerSec).toBe(0.2);
    expect(s.bootPerSec).toBe(1);
    expect(s.steadySamples).toBe(0);
    expect(s.storedRatio).toBeNull();
    expect(s.verdict).toBe('fail');
    expect(s.verdictWhy).toBe('only 50 of 100 stations connected within the 300 s cap');
  });

  it('a fleet that connects and then loses its connections before the cap: the pace up to its peak, the loss shown', () => {
    const progress = [
      { t: 100, booted: 60, connected: 60 },
      { t: 200, booted: 80, connected: 80 },
      { t: 300, booted: 80, connected: 5 },
    ];
    const s = summariseLoad([], { stations: STATIONS, capS: 300, progress });
    expect(s.verdict).toBe('fail');
    expect(s.connectedMax).toBe(80);
    expect(s.connectedAtPhaseEnd).toBe(5);
    expect(s.connectPerSec).toBe(0.4);
    expect(s.bootPerSec).toBe(0.4);
    expect(s.verdictWhy).toBe('only 80 of 100 stations connected within the 300 s cap');
  });

  it('fails when the steady window is too short to measure', () => {
    const { samples, phases } = run({ bootPerS: 1, storeShareSteady: 1, steadyS: 0 });
    const s = summariseLoad(samples, phases);
    expect(s.steadySamples).toBe(1);
    expect(s.verdict).toBe('fail');
    expect(s.verdictWhy).toBe('too few samples after all stations connected to measure the steady state');
  });
});
