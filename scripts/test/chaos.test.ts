import { describe, expect, it } from 'vitest';
import { runChaos } from '../src/chaos/chaos-run.ts';
import type { ChaosResult } from '../src/chaos/chaos-types.ts';
import { chaosFailures } from '../src/chaos/chaos-verdict.ts';
import { planFaults } from '../src/chaos/fault-plan.ts';

describe('the fault plan', () => {
  it('overlaps every kind of fault, a short run being one cycle and a long run several', () => {
    const short = planFaults(40_000);
    const kinds = new Set(short.map((s) => s.kind));
    expect([...kinds].sort()).toEqual([
      'brokerRestart',
      'cameraFaults',
      'databaseRestart',
      'hubCrash',
      'powerCuts',
      'shardCrash',
      'uplinkWave',
    ]);
    expect(short.every((s, i) => i === 0 || s.at >= short[i - 1]!.at)).toBe(true);
    expect(short.at(-1)!.at).toBeLessThan(40_000);
    // The hub dies while the broker is down.
    const brokerDown = short.filter((s) => s.kind === 'brokerRestart').map((s) => [s.at, s.at + (s as { downMs: number }).downMs] as const);
    expect(short.some((s) => s.kind === 'hubCrash' && brokerDown.some(([a, b]) => s.at >= a && s.at <= b))).toBe(true);
    // The broker SIGKILL is asked for (it loses messages today, see planFaults), once a cycle.
    expect(planFaults(40_000, true).filter((s) => s.kind === 'brokerKill')).toHaveLength(1);
    const long = planFaults(10 * 60_000);
    expect(long.filter((s) => s.kind === 'hubCrash').length).toBeGreaterThanOrEqual(3 * short.filter((s) => s.kind === 'hubCrash').length);
    const tenPercent = long.find((s) => s.kind === 'uplinkWave' && s.share === 0.1)!;
    expect(tenPercent.kind === 'uplinkWave' && tenPercent.forMs).toBe(240_000);
  });
});

describe('pnpm chaos, short form', () => {
  let result: ChaosResult;

  it('runs a fleet through broker, hub, database, uplink and simulator crashes', async () => {
    result = await runChaos({ cameras: 240, shards: 3, faultPhaseMs: 40_000, settleTimeoutMs: 90_000 });
    console.log(JSON.stringify(result));
    expect(result.stations).toBeGreaterThanOrEqual(90);
    expect(result.faults).toMatchObject({ brokerRestart: 2, hubCrash: 3, databaseRestart: 2, shardCrash: 1 });
    expect(result.produced).toBeGreaterThan(2_000);
    // Production held its cadence through the faults (the bounds are those of chaosFailures).
    expect(result.cadence.stationsBehind).toBe(0);
    expect(result.cadence.healthProduced).toBeGreaterThanOrEqual(0.85 * result.cadence.healthExpected);
  }, 600_000);

  it('loses nothing and stores nothing twice', () => {
    expect(result.lost).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.unexpected).toBe(0);
    expect(result.stored).toBe(result.produced);
    expect(result.snapshots.latestMissing).toBe(0);
    expect(result.snapshots.historyMissing).toBe(0);
  });

  it('shows every station and camera as it really is once the faults are over', () => {
    expect(result.mismatchSamples).toEqual([]);
    expect(result.mismatches).toBe(0);
  });

  it('never blames a station for the silence of a hub that was down, disconnected or behind', () => {
    // A broker restart really drops every station's connection (Mosquitto publishes their wills on
    // shutdown), but the stations are back within their will delay, for which the hub holds a will;
    // a `timeout` period of an untouched station would be the hub mistaking its own deafness for theirs.
    expect(result.falseOutages.byCause.last_will ?? 0).toBe(0);
    expect(result.falseOutages.byCause.timeout ?? 0).toBe(0);
  });

  it('never crashes by itself and never logs a broker secret', () => {
    expect(result.unplannedExits).toBe(0);
    expect(result.leakedSecrets).toBe(0);
  });

  it('passes every check pnpm chaos exits on', () => {
    expect(chaosFailures(result)).toEqual([]);
  });
});

describe('pnpm chaos, against a hub that loses 1 message in 1,000', () => {
  it('fails its checks', async () => {
    // A quiet run (no faults) is enough: the loss is the hub's own, and only the accounts can see it.
    const lossy = await runChaos({ cameras: 240, shards: 1, faultPlan: [], warmupMs: 5_000, settleTimeoutMs: 15_000, hubDropOneIn: 1_000 });
    console.log(JSON.stringify(lossy));
    // Every message the hub took was in the ledger first, and the first data message of every 1,000 is dropped.
    expect(lossy.produced).toBeGreaterThan(100);
    expect(lossy.lost).toBeGreaterThanOrEqual(1);
    expect(lossy.lostAfterBroker).toBe(lossy.lost);
    expect(chaosFailures(lossy)).toContainEqual(expect.stringContaining('lost'));
  }, 300_000);
});
