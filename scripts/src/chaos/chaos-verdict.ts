import type { ChaosResult } from './chaos-types.ts';

/**
 * Heartbeats may fall short of the cadence by a period per boot (the first one waits a random
 * part of it) and by timers running late on a busy machine; more than the cadence allows is an
 * agent running twice.
 */
const CADENCE_MIN = 0.85;
const CADENCE_MAX = 1.05;

/**
 * Everything a chaos run must show, one phrase per failure; empty when the run passed. The CLI's
 * exit code and the tests judge with this one list, so neither can pass what the other fails.
 */
export function chaosFailures(r: ChaosResult): string[] {
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) failures.push(what);
  };
  check(r.lost === 0, `${r.lost} produced messages lost`);
  check(r.stored === r.produced, `${r.stored} of ${r.produced} produced messages stored`);
  check(r.duplicates === 0, `${r.duplicates} messages stored twice`);
  check(r.unexpected === 0, `${r.unexpected} stored rows that no agent produced`);
  check(r.snapshots.latestMissing === 0, `${r.snapshots.latestMissing} cameras without their latest snapshot`);
  check(r.snapshots.historyMissing === 0, `${r.snapshots.historyMissing} snapshots missing from the history`);
  const { healthExpected, healthProduced, stationsBehind } = r.cadence;
  check(
    healthProduced >= CADENCE_MIN * healthExpected && healthProduced <= CADENCE_MAX * healthExpected,
    `${healthProduced} heartbeats produced where the cadence and the faults give ${healthExpected} (allowed ×${CADENCE_MIN}–×${CADENCE_MAX})`,
  );
  check(stationsBehind === 0, `${stationsBehind} stations produced under half their heartbeats`);
  check(r.mismatches === 0, `${r.mismatches} station or camera statuses differ from the scripted truth`);
  check((r.falseOutages.byCause.timeout ?? 0) === 0, `${r.falseOutages.byCause.timeout} timeout outages of stations no fault touched`);
  // A broker restart publishes the wills of every connected station; the hub holds a will for the station's
  // will delay and drops it when the station is back, so a station no fault touched never goes red by one.
  check(
    (r.falseOutages.byCause.last_will ?? 0) === 0,
    `${r.falseOutages.byCause.last_will} Last Will outages of stations no fault touched (wills of a broker restart not held)`,
  );
  check(r.unplannedExits === 0, `${r.unplannedExits} hub or simulator processes died by themselves`);
  check(r.leakedSecrets === 0, `${r.leakedSecrets} broker secrets in the logs`);
  return failures;
}
