import type { BrokerTap } from './broker-tap.ts';
import type { FaultRunner } from './fault-runner.ts';
import type { FleetShards } from './fleet-shards.ts';
import { LedgerReader } from './produced-ledger.ts';
import { SampleAccountant, type Accounting } from './sample-accounting.ts';
import type { Mismatch, StatusTruth } from './status-truth.ts';
import { sleep } from './abortable-sleep.ts';

/** How long the accounts wait after the ledger read for records still travelling, at the least. */
const STRAGGLER_MS = 10_000;

export interface SettleDeps {
  fleet: FleetShards;
  truth: StatusTruth;
  runner: FaultRunner;
  databaseUrl: string;
  /** When given, missing messages are checked against what the broker delivered to it. */
  tap: BrokerTap | null;
  timeoutMs: number;
  /** The agents' heartbeat period: the cadence the production is checked against. */
  healthMs: number;
  /** The hub's snapshot history period (HubOptions.snapshotHistoryEveryMs). */
  snapshotHistoryMs: number;
  log: (line: string) => void;
}

/**
 * Heartbeats produced against the cadence: each station from its first record to the ledger read,
 * less the time the faults kept its agent from running (power cut, its simulator process killed),
 * divided by the heartbeat period. Too few is an agent that stopped producing; too many, one that
 * runs twice.
 */
export interface Cadence {
  healthExpected: number;
  healthProduced: number;
  /** Stations with under half their expected heartbeats, or none at all. */
  stationsBehind: number;
}

export interface SettleOutcome {
  mismatches: { stations: Mismatch[]; cameras: Mismatch[] };
  statusesAt: number | null;
  accounting: Accounting;
  thinned: number;
  drainedAt: number | null;
  /** Of the lost messages, how many the broker delivered to the tap (lost inside the hub), null without a tap. */
  lostAfterBroker: number | null;
  cadence: Cadence;
}

/**
 * After the faults: first the statuses (stations still without power must show offline, their
 * cameras unknown, every other camera as its simulated condition), then power back everywhere,
 * then the accounts: every message produced up to a cut-off must reach the database once.
 */
export async function settle(d: SettleDeps): Promise<SettleOutcome> {
  const deadline = Date.now() + d.timeoutMs;
  const statusDeadline = Date.now() + d.timeoutMs / 2;
  const count = (m: SettleOutcome['mismatches']) => m.stations.length + m.cameras.length;
  let mismatches = await d.truth.mismatches(d.databaseUrl);
  while (count(mismatches) > 0 && Date.now() < statusDeadline) {
    await sleep(1_000);
    mismatches = await d.truth.mismatches(d.databaseUrl);
  }
  const statusesAt = count(mismatches) === 0 ? Date.now() : null;
  d.log(`statuses: ${mismatches.stations.length} station and ${mismatches.cameras.length} camera mismatches`);

  await d.runner.restoreAllPower();
  for (;;) {
    const s = await d.fleet.stats();
    if ((s.outboxPending === 0 && s.connected === s.stations) || Date.now() > deadline) break;
    await sleep(500);
  }

  const readers = d.fleet.outboxPaths.map((p) => new LedgerReader(p));
  const ledgerReadAt = Date.now();
  const accountant = await SampleAccountant.open(d.databaseUrl, ledgerReadAt, d.snapshotHistoryMs);
  try {
    let thinned = 0;
    for (const reader of readers) {
      thinned += reader.thinned();
      for (const page of reader.records(reader.cutoff())) await accountant.load(page);
    }
    await accountant.index();
    let accounting = await accountant.compare();
    let drainedAt: number | null = null;
    // A record produced just before the cut-off may still be on its way (a loaded machine takes seconds):
    // it gets at least this long after the ledger read before it counts as lost, whatever the earlier phases spent.
    const accountsDeadline = Math.max(deadline, ledgerReadAt + STRAGGLER_MS);
    for (;;) {
      if (accounting.lost === 0) {
        drainedAt = Date.now();
        break;
      }
      if (Date.now() > accountsDeadline) break;
      await sleep(1_000);
      accounting = await accountant.compare();
    }
    d.log(`accounts: ${JSON.stringify(accounting)}`);
    let lostAfterBroker: number | null = null;
    if (accounting.lost > 0) {
      d.log(`lost: ${JSON.stringify(await accountant.lostDetail())}`);
      if (d.tap) {
        const tap = d.tap;
        lostAfterBroker = (await accountant.missingKeys()).filter((k) => tap.has(k.stationId, k.bootId, k.seq)).length;
        d.log(`the broker delivered ${lostAfterBroker} of the lost messages to the tap`);
      }
    }
    const cadence = await cadenceOf(accountant, d, ledgerReadAt);
    d.log(`cadence: ${JSON.stringify(cadence)}`);
    return { mismatches, statusesAt, accounting, thinned, drainedAt, lostAfterBroker: d.tap ? (lostAfterBroker ?? 0) : null, cadence };
  } finally {
    await accountant.close();
    for (const r of readers) r.close();
  }
}

async function cadenceOf(accountant: SampleAccountant, d: SettleDeps, until: number): Promise<Cadence> {
  const stations = d.fleet.shards.flatMap((_, k) => d.fleet.stationsOf(k));
  const byStation = new Map((await accountant.healthByStation()).map((s) => [s.stationId, s]));
  let healthExpected = 0;
  let healthProduced = 0;
  let stationsBehind = 0;
  for (const id of stations) {
    const s = byStation.get(id);
    if (!s) {
      stationsBehind++;
      continue;
    }
    const expected = Math.max(0, (until - s.firstTs - d.runner.downMs(id, until)) / d.healthMs);
    healthExpected += expected;
    healthProduced += s.health;
    if (expected >= 4 && s.health < expected / 2) stationsBehind++;
  }
  return { healthExpected: Math.round(healthExpected), healthProduced, stationsBehind };
}
