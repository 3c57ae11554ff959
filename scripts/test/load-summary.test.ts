import { describe, expect, it } from 'vitest';
import type { LoadSample } from '../src/load/load-sampler.ts';
import { summariseLoad } from '../src/load/load-summary.ts';

const STATIONS = 100;

/** A run sampled every 30 s: stations boot and connect at `connectPerS`, the fleet produces 10 rows/s per 100 connected, the hubs store `storeShare` of them. */
function run(connectPerS: number, storeShare: number, samples = 8): LoadSample[] {
  const out: LoadSample[] = [];
  let produced = 0;
  for (let k = 1; k <= samples; k++) {
    const t = k * 30;
    const connected = Math.min(STATIONS, connectPerS * t);
    produced += (30 * 10 * connected) / STATIONS;
    out.push({
      t,
      booted: connected,
      connected,
      outboxPending: 0,
      produced: Math.round(produced * 1.3),
      producedRows: Math.round(produced),
      acked: Math.round(produced * 1.3),
      stored: Math.round(produced * storeShare),
      stalenessMs: 500,
      lagP50Ms: 100,
      lagP99Ms: 900,
      lagMaxMs: 1000,
      rssMB: { 'hub-0': 300, postgres: 200 },
      cpuPct: k === 1 ? {} : { 'hub-0': 20 + k, postgres: 40 },
      pgProcesses: 20,
      pgBackends: 14,
      pgActive: 1,
      pgWaits: k === 3 ? { 'Lock:advisory': 2 } : {},
    });
  }
  return out;
}

describe('load summary against its own baselines', () => {
  it('passes when every station connected and the rows stored keep up with the rows produced', () => {
    const s = summariseLoad(run(2, 1), STATIONS);
    expect(s.allConnectedS).toBe(60);
    expect(s.producedRowsPerSec).toBe(10);
    expect(s.storedRatio).toBe(1);
    expect(s.verdict).toBe('pass');
    // Connect rate up to the last sample before all were connected: 60 stations in 30 s.
    expect(s.connectPerSec).toBe(2);
    expect(s.pgWaits).toEqual({ 'Lock:advisory': 2 });
    expect(s.connectCpuPct['hub-0']).toBe(22);
  });

  it('fails when the hubs store less than they are sent once connected, and says by how much', () => {
    const s = summariseLoad(run(2, 0.6), STATIONS);
    expect(s.storedRatio).toBe(0.6);
    expect(s.verdict).toBe('fail');
    expect(s.verdictWhy).toContain('stored 6/s < 0.97 × produced 10/s');
    expect(s.backlogLast).toBeGreaterThan(0);
  });

  it('fails when the fleet never connected, whatever was stored, and compares only rows with rows (not snapshots)', () => {
    const s = summariseLoad(run(0.1, 1), STATIONS);
    expect(s.allConnectedS).toBeNull();
    expect(s.verdict).toBe('fail');
    expect(s.verdictWhy).toBe('only 24 of 100 stations connected within the run');
    expect(s.producedPerSec).toBeGreaterThan(s.producedRowsPerSec!);
    expect(s.storedRatio).toBe(1);
  });
});
