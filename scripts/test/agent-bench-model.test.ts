import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '@camwatch/config';
import { judge, MODEL_TOLERANCE } from '../src/bench/agent-bench-verdict.ts';
import { checkAgainstAgent, dailyBytes, type Cadence, type KindStats } from '../src/bench/agent-traffic-model.ts';
import { readProc, sampleTree } from '../src/bench/process-meter.ts';
import { plannedDay } from '../src/bench/agent-bench-budget.ts';

const cadence: Cadence = {
  cameras: 4,
  healthMs: DEFAULTS.healthIntervalMs.value,
  snapshotMs: DEFAULTS.snapshotIntervalMs.value,
  statusRefreshMs: DEFAULTS.statusRefreshIntervalMs.value,
};
const sizes: Record<string, KindStats> = {
  health: { count: 16, avgWireBytes: 700 },
  cameraStatus: { count: 8, avgWireBytes: 500 },
  snapshot: { count: 8, avgWireBytes: 40_000 },
};
const period = cadence.snapshotMs;

/** What a station following the cadence exactly writes over one snapshot period, framing as the model counts it. */
function onePeriodBytes(): number {
  const healths = period / cadence.healthMs;
  return healths * 700 + 4 * 500 + 4 * 40_000;
}

describe('traffic model against the agent’s bytesSentToday', () => {
  it('agrees over a whole snapshot period when the station follows the cadence', () => {
    const budget = dailyBytes(sizes, cadence);
    const sent = onePeriodBytes();
    const check = checkAgainstAgent(
      { at: 0, bytesSentToday: 1_000, wireBefore: 2_000 },
      { at: period, bytesSentToday: 1_000 + sent, wireBefore: 2_000 + sent },
      budget,
      cadence,
    );
    expect(check.observedRatio).toBeCloseTo(1, 2);
    expect(check.modelRatio).toBeCloseTo(1, 2);
    expect(judge({ cappedWorstMbPerDay: 19, check, fullRun: true })).toEqual([]);
  });

  it('fails when the station sends more than the model says (a status flapping, snapshots twice as often)', () => {
    const budget = dailyBytes(sizes, cadence);
    const sent = onePeriodBytes() + 4 * 40_000;
    const check = checkAgainstAgent(
      { at: 0, bytesSentToday: 0, wireBefore: 0 },
      { at: period, bytesSentToday: sent, wireBefore: sent },
      budget,
      cadence,
    );
    expect(check.modelRatio!).toBeLessThan(1 - MODEL_TOLERANCE);
    expect(judge({ cappedWorstMbPerDay: 19, check, fullRun: true })).toEqual([expect.stringContaining('model / bytesSentToday')]);
  });

  it('fails when the hub side and the agent’s counter disagree, or the budget is broken', () => {
    const budget = dailyBytes(sizes, cadence);
    const sent = onePeriodBytes();
    // The agent wrote 20 % more than the hub saw: framing or unseen packets the model misses.
    const check = checkAgainstAgent(
      { at: 0, bytesSentToday: 0, wireBefore: 0 },
      { at: period, bytesSentToday: sent * 1.2, wireBefore: sent },
      budget,
      cadence,
    );
    const failures = judge({ cappedWorstMbPerDay: 23.2, check, fullRun: true });
    expect(failures).toEqual([
      expect.stringContaining('capped worst case under the budget plan 23.20'),
      expect.stringContaining('hub-side bytes'),
      expect.stringContaining('model / bytesSentToday'),
    ]);
  });

  it('does not compare the model over less than a snapshot period, and a full run without that comparison fails', () => {
    const budget = dailyBytes(sizes, cadence);
    const check = checkAgainstAgent(
      { at: 0, bytesSentToday: 0, wireBefore: 0 },
      { at: cadence.healthMs, bytesSentToday: 700, wireBefore: 700 },
      budget,
      cadence,
    );
    expect(check.modelRatio).toBeNull();
    expect(judge({ cappedWorstMbPerDay: 10, check, fullRun: false })).toEqual([]);
    expect(judge({ cappedWorstMbPerDay: 10, check, fullRun: true })).toEqual([expect.stringContaining('not checked')]);
    expect(judge({ cappedWorstMbPerDay: 10, check: null, fullRun: false })).toEqual([expect.stringContaining('no steady window')]);
  });
});

describe('bytes/day under the agent’s budget plan', () => {
  it('leaves a station that fits as configured, and brings 8 cameras at the cap within 20 MB', () => {
    const four = plannedDay(sizes, cadence, 20_000_000);
    expect(four.mode).toBe('full');
    expect(four.plannedMb).toBeCloseTo(four.unplannedMb, 6);
    const eight = plannedDay(sizes, { ...cadence, cameras: 8 }, 20_000_000, 60_400);
    expect(eight.unplannedMb).toBeGreaterThan(40);
    expect(eight.mode).toBe('reduced');
    expect(eight.maxBytes).toBeLessThan(60_000);
    expect(eight.plannedMb).toBeLessThanOrEqual(20);
    expect(eight.plannedMb).toBeGreaterThan(15);
  });
});

describe('process tree meter', () => {
  it('keeps the CPU of a child after the parent has reaped it', async () => {
    // A parent that runs one CPU-bound child to its end, then idles: as the agent does with ffmpeg.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `
      const c = require('node:child_process').spawn(process.execPath, ['-e', 'let x = 0; for (let i = 0; i < 4e8; i++) x += i; console.log(x)'], { stdio: ['ignore', 'ignore', 'inherit'] });
      console.log(c.pid);
      c.on('exit', () => console.log('reaped'));
      setInterval(() => {}, 1000);
    `,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      let out = '';
      parent.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
      while (!/^\d+\n/.test(out)) await once(parent.stdout, 'data');
      const childPid = Number(out.split('\n')[0]);
      const before = sampleTree(parent.pid!)!;
      let childCpu = 0;
      while (!out.includes('reaped')) {
        childCpu = readProc(childPid)?.treeCpuS ?? childCpu;
        const live = sampleTree(parent.pid!)!;
        expect(live.treeRssMB).toBeGreaterThanOrEqual(live.selfRssMB);
        await new Promise((r) => setTimeout(r, 50));
      }
      const after = sampleTree(parent.pid!)!;
      expect(childCpu).toBeGreaterThan(0);
      // The child is gone, yet what it used (read while it ran) is still in the tree's total, which never went down.
      expect(after.cpuS).toBeGreaterThanOrEqual(childCpu - 0.02);
      expect(after.cpuS).toBeGreaterThanOrEqual(before.cpuS);
      expect(readProc(parent.pid!)!.treeCpuS - readProc(parent.pid!)!.selfCpuS).toBeGreaterThanOrEqual(childCpu - 0.02);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
