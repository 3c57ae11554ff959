import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MosquittoServer, PostgresServer } from '@camwatch/testkit';
import { generateFleet } from '../fleet/generate-fleet.ts';
import { sleep } from './abortable-sleep.ts';
import { writeBrokerAccounts } from './broker-accounts.ts';
import { BrokerTap } from './broker-tap.ts';
import { CHAOS_DEFAULTS, intervalsFor, type ChaosOptions, type ChaosResult } from './chaos-types.ts';
import { planFaults } from './fault-plan.ts';
import { FaultRunner } from './fault-runner.ts';
import { FleetShards } from './fleet-shards.ts';
import { HubSupervisor } from '../hub-child/hub-supervisor.ts';
import { leakedSecrets } from './secret-scan.ts';
import { settle } from './settle.ts';
import { StatusTruth } from './status-truth.ts';

/**
 * The whole chaos run: a PostgreSQL, a Mosquitto with per-station accounts, the hub in its own
 * process and the simulated fleet in several, faults by plan, then recovery and the accounts.
 */
export async function runChaos(options: Partial<ChaosOptions> = {}): Promise<ChaosResult> {
  const o: ChaosOptions = { ...CHAOS_DEFAULTS, ...options };
  const began = Date.now();
  const log = (line: string) => o.log(`[chaos ${((Date.now() - began) / 1000).toFixed(1)}s] ${line}`);
  const dir = o.dir ?? (await mkdtemp(join(tmpdir(), 'camwatch-chaos-')));
  await mkdir(join(dir, 'broker'), { recursive: true });
  const inventory = generateFleet({ seed: o.seed, cameras: o.cameras }).inventory;
  const inventoryFile = join(dir, 'inventory.json');
  await writeFile(inventoryFile, JSON.stringify(inventory));
  const accounts = await writeBrokerAccounts(
    join(dir, 'broker'),
    inventory.stations.map((s) => s.id),
  );
  const postgres = new PostgresServer();
  // Production's autosave interval: what a broker SIGKILL (fault brokerKill) loses is what it would lose there.
  const mosquitto = new MosquittoServer({ extraConfig: accounts.mosquittoConfig, autosaveIntervalS: 60 });
  let hub: HubSupervisor | null = null;
  let fleet: FleetShards | null = null;
  let result: ChaosResult;
  let tap: BrokerTap | null = null;
  try {
    await Promise.all([postgres.start(), mosquitto.start()]);
    log(
      `postgres :${postgres.port}, mosquitto :${mosquitto.port}, ${inventory.stations.length} stations, ${inventory.cameras.length} cameras`,
    );
    const intervals = o.intervals ?? intervalsFor(inventory.stations.length);
    const h = intervals.healthMs;
    // Shorter than the snapshot period, so the history must hold every scheduled snapshot but a
    // rare near pair (a reboot's first one): a lost snapshot is then a hole in it, not hidden in an hour.
    const snapshotHistoryMs = Math.round(intervals.snapshotMs / 2);
    hub = new HubSupervisor(
      {
        databaseUrl: postgres.url,
        mqttUrl: mosquitto.url,
        mqttUsername: accounts.hub.username,
        mqttPassword: accounts.hub.password,
        ...(o.shareGroup === undefined ? {} : { shareGroup: o.shareGroup }),
        hubId: 'chaos',
        dataDir: join(dir, 'hub'),
        inventoryFile,
        logLevel: o.hubLogLevel,
        ...(o.hubDropOneIn === null ? {} : { faultDropOneIn: o.hubDropOneIn }),
        snapshotHistoryEveryMs: snapshotHistoryMs,
        // Fast intervals: a station is offline after 3 missed heartbeats, a replayed status holds for one refresh period.
        status: { offlineAfterMs: 3 * h + 1_000, offlineHoldMs: intervals.statusRefreshMs + h },
        sweepEveryMs: 1_000,
      },
      dir,
      'hub',
      log,
    );
    await hub.start();
    log(`hub up at ${hub.httpUrl}; agents report health every ${h} ms, probe every ${intervals.probeMs} ms`);
    tap = await BrokerTap.start(mosquitto.url, accounts.hub.username, accounts.hub.password);
    fleet = new FleetShards(inventory, dir, o.shards, {
      inventoryFile,
      seed: o.seed,
      mqttUrl: mosquitto.url,
      credentialsFile: accounts.credentialsFile,
      intervals,
      keepaliveS: o.keepaliveS,
      reconnectMinMs: 200,
      reconnectMaxMs: 2_000,
      startSpreadMs: Math.min(10_000, inventory.stations.length * 5),
      ledger: true,
      logLevel: 'warn',
    });
    await fleet.start();
    const truth = new StatusTruth(inventory);
    await waitConnected(fleet, inventory.stations.length, log);
    await sleep(o.warmupMs);

    const runner = new FaultRunner({ inventory, mosquitto, postgres, hub, fleet, truth, seed: o.seed, log });
    const plan = o.faultPlan ?? planFaults(o.faultPhaseMs, o.brokerKill);
    const faultsFrom = Date.now();
    log(`fault phase: ${plan.length} steps over ${Math.round(o.faultPhaseMs / 1000)} s`);
    await runner.run(plan);
    await runner.restoreUplinks();
    const faultsOver = Date.now();
    log('faults over; waiting for recovery');

    const outcome = await settle({
      fleet,
      truth,
      runner,
      tap,
      databaseUrl: postgres.url,
      timeoutMs: o.settleTimeoutMs,
      healthMs: h,
      snapshotHistoryMs,
      log,
    });
    const falseOutages = await StatusTruth.falseOutages(postgres.url, faultsFrom, runner.touched);
    const hubDuplicates = await hub.duplicatesTotal();
    result = {
      produced: outcome.accounting.produced,
      stored: outcome.accounting.stored,
      lost: outcome.accounting.lost,
      duplicates: outcome.accounting.duplicates,
      mismatches: outcome.mismatches.stations.length + outcome.mismatches.cameras.length,
      falseOutages,
      maxLagMs: outcome.accounting.maxLagMs,
      p99LiveLagMs: outcome.accounting.p99LiveLagMs,
      unexpected: outcome.accounting.unexpected,
      cadence: outcome.cadence,
      thinned: outcome.thinned,
      snapshots: outcome.accounting.snapshots,
      lostAfterBroker: outcome.lostAfterBroker,
      stations: inventory.stations.length,
      cameras: inventory.cameras.length,
      healthMs: h,
      faults: runner.counts,
      hubStarts: hub.child.starts,
      hubDuplicates,
      unplannedExits: hub.unplannedExits + fleet.shards.reduce((n, s) => n + s.unplannedExits, 0),
      recoveryMs: outcome.drainedAt === null ? null : outcome.drainedAt - faultsOver,
      statusesSettledMs: outcome.statusesAt === null ? null : outcome.statusesAt - faultsOver,
      mismatchSamples: [...outcome.mismatches.stations, ...outcome.mismatches.cameras].slice(0, 10),
      durationS: Math.round((Date.now() - began) / 1000),
      leakedSecrets: 0,
      logDir: o.keepDir ? dir : null,
    };
  } finally {
    await tap?.stop();
    await fleet?.stop().catch((err: Error) => log(`fleet stop: ${err.message}`));
    await fleet?.close();
    await hub?.stop().catch((err: Error) => log(`hub stop: ${err.message}`));
    await hub?.close();
    await mosquitto.destroy();
    await postgres.destroy();
  }
  // Every process has ended and flushed its log: the whole run's logs are searched for the broker secrets.
  result.leakedSecrets = await leakedSecrets(dir, accounts.secrets());
  if (!o.keepDir) await rm(dir, { recursive: true, force: true });
  return result;
}

async function waitConnected(fleet: FleetShards, stations: number, log: (l: string) => void): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const s = await fleet.stats();
    if (s.connected >= stations) return log(`all ${stations} stations connected`);
    if (Date.now() > deadline) throw new Error(`only ${s.connected} of ${stations} stations connected after 3 min`);
    await sleep(500);
  }
}
