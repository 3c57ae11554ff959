import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MosquittoServer, PostgresServer } from '@camwatch/testkit';
import { generateFleet } from '../fleet/generate-fleet.ts';
import { sleep } from '../chaos/abortable-sleep.ts';
import { FleetShards } from '../chaos/fleet-shards.ts';
import { HubSupervisor } from '../hub-child/hub-supervisor.ts';
import type { BatcherOptions } from '@camwatch/hub';
import { LoadSampler, type ConnectProgress, type LoadSample, type Watched } from './load-sampler.ts';
import { summariseLoad, type LoadSummary } from './load-summary.ts';

export interface LoadOptions {
  cameras: number;
  /** The connection phase (from the fleet's start until every station is connected) may last this long; a fleet not all connected by then fails the run. */
  connectCapMs: number;
  /** Once every station is connected, the run goes on this long: the steady window the verdict judges. */
  steadyMs: number;
  /** Brokers and hubs: one Mosquitto per hub, as one process may hold only ~19,000 sockets here. */
  hubs: number;
  seed: number;
  /** Stations per simulator process. */
  stationsPerShard: number;
  /** Full samples (database, CPU, memory): every this often in both phases. */
  sampleEveryMs: number;
  /** The fleet's connected count is polled this often while it connects: the connection phase's resolution. */
  pollEveryMs: number;
  /** Every hub's ingest batching (default: the hub's own); a tiny batch shows the bench can fail. */
  hubBatch: Partial<BatcherOptions> | null;
  /** FAULT INJECTION: every hub stalls this long after each committed batch (null: none); a slowed hub must turn the verdict red. */
  hubStallMsPerBatch: number | null;
  keepDir: boolean;
  log: (line: string) => void;
}

export const LOAD_DEFAULTS: LoadOptions = {
  cameras: 100_000,
  connectCapMs: 12 * 60_000,
  steadyMs: 180_000,
  hubs: 3,
  seed: 1,
  stationsPerShard: 14_000,
  sampleEveryMs: 30_000,
  pollEveryMs: 5_000,
  hubBatch: null,
  hubStallMsPerBatch: null,
  keepDir: false,
  log: (line) => process.stderr.write(`${line}\n`),
};

export interface LoadResult extends LoadSummary {
  cameras: number;
  stations: number;
  hubs: number;
  shards: number;
  samples: LoadSample[];
  progress: ConnectProgress[];
}

/**
 * The load run: the Long An model scaled to `cameras`, every station on the agent's real core at
 * the default cadences (health and probes each minute, snapshots every 15 minutes), split over
 * simulator processes and over `hubs` Mosquitto brokers, each with its own hub process, all hubs
 * writing one PostgreSQL (the production scale-out shape).
 */
/** With BENCH_CPU_PROF=<dir>, every hub and simulator process writes a V8 CPU profile there on exit (where the time goes). */
function profileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

export async function runLoad(options: Partial<LoadOptions> = {}): Promise<LoadResult> {
  const o: LoadOptions = { ...LOAD_DEFAULTS, ...options };
  const began = Date.now();
  const log = (line: string) => o.log(`[load ${((Date.now() - began) / 1000).toFixed(0)}s] ${line}`);
  const dir = await mkdtemp(join(tmpdir(), 'camwatch-load-'));
  const inventory = generateFleet({ seed: o.seed, cameras: o.cameras }).inventory;
  const inventoryFile = join(dir, 'inventory.json');
  await writeFile(inventoryFile, JSON.stringify(inventory));
  const stations = inventory.stations.length;
  const shards = Math.max(1, Math.ceil(stations / o.stationsPerShard));
  log(`${stations} stations, ${inventory.cameras.length} cameras, ${shards} simulator processes, ${o.hubs} brokers and hubs`);
  const postgres = new PostgresServer();
  const brokers = Array.from({ length: o.hubs }, () => new MosquittoServer({ persistence: false }));
  const hubs: HubSupervisor[] = [];
  let fleet: FleetShards | null = null;
  let sampler: LoadSampler | null = null;
  try {
    await Promise.all([postgres.start(), ...brokers.map((b) => b.start())]);
    for (const [i, broker] of brokers.entries()) {
      hubs.push(
        new HubSupervisor(
          {
            databaseUrl: postgres.url,
            mqttUrl: broker.url,
            shareGroup: null,
            hubId: `load-${i}`,
            dataDir: join(dir, `hub-${i}`),
            // The first hub imports the inventory and runs the API with alerts; the others only ingest.
            inventoryFile: i === 0 ? inventoryFile : null,
            api: i === 0 ? { bootstrapAdmin: false } : null,
            logLevel: 'warn',
            ...(o.hubBatch ? { batch: o.hubBatch } : {}),
            ...(o.hubStallMsPerBatch !== null ? { faultStallMsPerBatch: o.hubStallMsPerBatch } : {}),
          },
          dir,
          `hub-${i}`,
          log,
          { execArgv: profileFlags() },
        ),
      );
    }
    // The first hub migrates the database and imports the inventory; the others then start together
    // (one after another, three hubs took 130–150 s to start at 100,000 cameras on a busy machine).
    const startHub = async (hub: HubSupervisor, name: string) => {
      const at = Date.now();
      await hub.start();
      log(`${name} up in ${((Date.now() - at) / 1000).toFixed(1)} s`);
    };
    await startHub(hubs[0]!, 'hub-0');
    await Promise.all(hubs.slice(1).map((h, i) => startHub(h, `hub-${i + 1}`)));
    log('hubs up');
    fleet = new FleetShards(
      inventory,
      dir,
      shards,
      {
        inventoryFile,
        seed: o.seed,
        mqttUrl: brokers.map((b) => b.url),
        credentialsFile: null,
        ledger: false,
        logLevel: 'error',
        // The start-up's pace is what the brokers and simulators answer (see the simulator's connect
        // window); a spread of its own would set a floor under the connection phase (it was 120 s).
        startSpreadMs: 0,
      },
      profileFlags(),
    );
    const watched: Watched[] = [
      ...hubs.map((h, i) => ({ name: `hub-${i}`, pid: () => h.child.pid })),
      ...fleet.shards.map((s, i) => ({ name: `sim-${i}`, pid: () => s.pid })),
      ...brokers.map((b, i) => ({ name: `mosquitto-${i}`, pid: () => b.pid })),
      // The postmaster with its backends and workers: they do the work, the postmaster alone almost none.
      { name: 'postgres', pid: () => postgres.pid, tree: true },
    ];
    sampler = new LoadSampler(postgres.url, watched);
    const fleetStarted = Date.now();
    const elapsedS = () => Math.round((Date.now() - fleetStarted) / 1000);
    // Sampling starts with the processes: the staggered start-up (and what it costs the hubs) is part of the run.
    await fleet.launch();
    const samples: LoadSample[] = [];
    const progress: ConnectProgress[] = [];
    let lastSampleAt = fleetStarted;
    const takeSample = async (phase: LoadSample['phase']) => {
      const { booted, connected, outboxPending, produced, producedRows, acked } = await fleet!.stats();
      const windowS = Math.max(1, (Date.now() - lastSampleAt) / 1000);
      lastSampleAt = Date.now();
      const sample = await sampler!.sample(elapsedS(), phase, { booted, connected, outboxPending, produced, producedRows, acked }, windowS);
      samples.push(sample);
      log(JSON.stringify(sample));
      return sample;
    };
    // The connection phase: as long as the fleet takes to connect (polled often, so its length is
    // known to a few seconds), up to the cap. Full samples go on meanwhile for the CPU picture.
    let allConnected = false;
    while (Date.now() - fleetStarted < o.connectCapMs) {
      await sleep(Math.min(o.pollEveryMs, Math.max(1_000, o.connectCapMs - (Date.now() - fleetStarted))));
      const { booted, connected } = await fleet.stats();
      progress.push({ t: elapsedS(), booted, connected });
      if (connected >= stations) {
        allConnected = true;
        break;
      }
      if (Date.now() - lastSampleAt >= o.sampleEveryMs) await takeSample('connect');
    }
    log(allConnected ? `all ${stations} stations connected after ${progress.at(-1)!.t} s` : `cap of ${o.connectCapMs / 1000} s hit`);
    // The steady window, judged on its own: it begins with a sample at once and lasts `steadyMs`.
    if (allConnected) {
      const steadyFrom = Date.now();
      await takeSample('steady');
      while (Date.now() - steadyFrom < o.steadyMs) {
        await sleep(Math.min(o.sampleEveryMs, Math.max(1_000, o.steadyMs - (Date.now() - steadyFrom))));
        await takeSample('steady');
      }
    }
    const summary = summariseLoad(samples, { stations, capS: o.connectCapMs / 1000, progress });
    return { cameras: inventory.cameras.length, stations, hubs: o.hubs, shards, ...summary, samples, progress };
  } finally {
    await sampler?.close();
    await fleet?.stop().catch((err: Error) => log(`fleet stop: ${err.message}`));
    await fleet?.close();
    for (const h of hubs) {
      await h.stop().catch((err: Error) => log(`hub stop: ${err.message}`));
      await h.close();
    }
    for (const b of brokers) await b.destroy();
    await postgres.destroy();
    if (!o.keepDir) await rm(dir, { recursive: true, force: true });
  }
}
