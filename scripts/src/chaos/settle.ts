import type { BrokerTap } from './broker-tap.ts';
import type { FaultRunner } from './fault-runner.ts';
import type { FleetShards } from './fleet-shards.ts';
import { LedgerReader } from './produced-ledger.ts';
import { SampleAccountant, type Accounting } from './sample-accounting.ts';
import type { Mismatch, StatusTruth } from './status-truth.ts';
import { sleep } from './abortable-sleep.ts';

export interface SettleDeps {
  fleet: FleetShards;
  truth: StatusTruth;
  runner: FaultRunner;
  databaseUrl: string;
  /** When given, missing messages are checked against what the broker delivered to it. */
  tap: BrokerTap | null;
  timeoutMs: number;
  log: (line: string) => void;
}

export interface SettleOutcome {
  mismatches: { stations: Mismatch[]; cameras: Mismatch[] };
  statusesAt: number | null;
  accounting: Accounting;
  thinned: number;
  drainedAt: number | null;
  /** Of the lost messages, how many the broker delivered to the tap (lost inside the hub), null without a tap. */
  lostAfterBroker: number | null;
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
  const accountant = await SampleAccountant.open(d.databaseUrl, ledgerReadAt);
  try {
    let thinned = 0;
    for (const reader of readers) {
      thinned += reader.thinned();
      for (const page of reader.records(reader.cutoff())) await accountant.load(page);
    }
    await accountant.index();
    let accounting = await accountant.compare();
    let drainedAt: number | null = null;
    for (;;) {
      if (accounting.lost === 0) {
        drainedAt = Date.now();
        break;
      }
      if (Date.now() > deadline) break;
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
    return { mismatches, statusesAt, accounting, thinned, drainedAt, lostAfterBroker: d.tap ? (lostAfterBroker ?? 0) : null };
  } finally {
    await accountant.close();
    for (const r of readers) r.close();
  }
}
