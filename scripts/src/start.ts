/**
 * `pnpm start`: the whole demo on one machine. An embedded PostgreSQL (under DATA_DIR), the
 * embedded MQTT broker, the hub with its HTTP API on PORT, the generated Long An fleet imported
 * as inventory, and the simulated fleet (one real agent core per station) publishing to the hub.
 * The built dashboard is served at `/` (built on first start when dashboard/dist is missing).
 * Flags: --no-sim (hub only), --seed N (fleet and faults), --faults none|realistic,
 * --cameras N (a bigger synthetic fleet in the same province instead of the real Long An counts).
 * DATABASE_URL / MQTT_URL switch to external servers, as for the hub itself.
 *
 * Ctrl-C stops everything in dependency order (simulator, subscriber, final ingest flush, broker,
 * HTTP, database) and exits 0. A terminal delivers Ctrl-C to its whole foreground process group,
 * and the embedded PostgreSQL is a child process: in that group it would get the SIGINT too and
 * shut down at once, under a hub still writing its last batch. So the stack runs in a child
 * process of its own group (see superviseStack), and this process only passes the request on.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createHub,
  type Hub,
  provisionCredentialsFile,
  DataDirInUseError,
  HubEnvError,
  hubOptionsFromEnv,
  createLogger,
} from '@camwatch/hub';
import { DASHBOARD_DIST } from '@camwatch/dashboard';
import { ensureDashboardBuilt } from './dashboard-build.ts';
import { ensureDemoLogins } from './demo-logins.ts';
import { generateFleet } from './fleet/generate-fleet.ts';
import { writeFleetGeo } from './fleet/write-fleet.ts';
import { isFaultProfileName, type FaultProfileName } from './simulator/fault-profile.ts';
import { runFleet, type SimulatedFleet } from './simulator/fleet-runner.ts';

interface StartArgs {
  sim: boolean;
  seed: number;
  faults: FaultProfileName;
  cameras: number | null;
}

function parseArgs(argv: readonly string[]): StartArgs {
  const out: StartArgs = { sim: true, seed: 1, faults: 'realistic', cameras: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--no-sim') out.sim = false;
    else if (a === '--seed') out.seed = Number(argv[++i]);
    else if (a === '--cameras') out.cameras = Number(argv[++i]);
    else if (a === '--faults') {
      const f = argv[++i] ?? '';
      if (!isFaultProfileName(f)) throw new HubEnvError(`--faults: none or realistic, got ${JSON.stringify(f)}`);
      out.faults = f;
    } else if (a !== '--')
      throw new HubEnvError(`unknown argument ${a}; usage: pnpm start [--no-sim] [--seed N] [--faults none|realistic] [--cameras N]`);
  }
  if (!Number.isSafeInteger(out.seed)) throw new HubEnvError('--seed: an integer');
  if (out.cameras !== null && !(Number.isSafeInteger(out.cameras) && out.cameras > 0 && out.cameras <= 300_000))
    throw new HubEnvError('--cameras: an integer from 1 to 300000');
  return out;
}

async function main(): Promise<number> {
  const log = createLogger();
  let args: StartArgs;
  let env: ReturnType<typeof hubOptionsFromEnv>;
  try {
    args = parseArgs(process.argv.slice(2));
    env = hubOptionsFromEnv();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const dataDir = resolve(env.dataDir ?? './data');
  const model = generateFleet({ seed: args.seed, ...(args.cameras ? { cameras: args.cameras } : {}) });
  let hub: Hub;
  try {
    await ensureDashboardBuilt(log);
    // The map layers (commune polygons, roads) the dashboard draws, unless GEO_DIR points at real ones.
    const api = { ...env.api, config: { ...env.api?.config } };
    if (!api.config.geoDir) {
      api.config.geoDir = join(dataDir, `fleet-seed-${args.seed}${args.cameras ? `-${args.cameras}` : ''}`);
      await writeFleetGeo(model.geo, api.config.geoDir);
    }
    hub = await createHub({
      ...env,
      api,
      dashboardDir: env.dashboardDir ?? DASHBOARD_DIST,
      dataDir,
      httpPort: env.httpPort ?? 8080,
      mqttPort: env.mqttPort ?? 1883,
      logger: log,
    });
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      process.stderr.write(`camwatch: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  let fleet: SimulatedFleet | null = null;
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      const t = Date.now();
      log.info('stopping: simulated fleet, subscriber, ingest flush, broker, HTTP, database');
      if (fleet) await fleet.stop().catch((err: unknown) => log.error({ err }, 'fleet stop failed'));
      await hub.stop();
      log.info({ ms: Date.now() - t }, 'stopped');
    })());
  // `on`, not `once`: a second Ctrl-C must not kill us mid-shutdown. 'disconnect': the supervising parent is gone.
  const stopAndExit = () => void stop().then(() => process.exit(0));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stopAndExit);
  process.on('disconnect', stopAndExit);

  try {
    const { inventory, summary } = model;
    const imported = await hub.importInventory(inventory);
    log.info({ ...imported, communes: summary.equipped }, 'Long An fleet imported');
    if (args.sim && hub.broker) {
      const t = Date.now();
      const creds = await provisionCredentialsFile(
        hub.credentials,
        inventory.stations.map((s) => s.id),
        join(dataDir, 'station-credentials.json'),
      );
      log.info({ issued: creds.issued, total: creds.total, ms: Date.now() - t }, 'station credentials ready');
      fleet = runFleet({
        inventory,
        mqttUrl: hub.mqttUrl,
        seed: args.seed,
        faults: args.faults,
        outboxPath: join(dataDir, 'sim-outbox.sqlite'),
        credentials: (id) => creds.entries[id],
        logger: log.child({ component: 'simulator' }),
      });
    } else if (args.sim) {
      log.warn('MQTT_URL is set: the simulator needs credentials on that broker; run `pnpm simulate` against it instead');
    }
    const logins = await ensureDemoLogins(hub.db, inventory, dataDir);
    process.stdout.write(
      `\ncamwatch is running: ${hub.httpUrl}  (health: ${hub.httpUrl}/api/health, metrics: ${hub.httpUrl}/metrics)\n` +
        logins
          .map(
            (l) =>
              `  demo login (${l.role === 'commune' ? `commune police, ${l.unitId}` : 'province admin'}): ${l.username} / ${l.password}\n`,
          )
          .join('') +
        `MQTT broker: ${hub.mqttUrl}; data: ${dataDir}; simulated stations: ${fleet ? fleet.stationIds.length : 0}. Ctrl-C stops everything.\n\n`,
    );
    return -1;
  } catch (err) {
    log.fatal({ err }, 'start failed');
    await stop();
    return 1;
  }
}

/**
 * The process the terminal sees: it starts the stack as a child in a new process group (detached),
 * turns Ctrl-C (and SIGTERM, SIGHUP) into one SIGTERM to that child, and exits with its exit code.
 * `pnpm start` runs it as `node --import tsx`, not through the tsx CLI: that CLI exits 130 when its
 * child has already exited by the time its own SIGINT handler runs (seen once in CI under load).
 */
function superviseStack(): void {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [STACK_ENV]: '1' },
  });
  let asked = false;
  const pass = () => {
    if (asked || child.exitCode !== null) return;
    asked = true;
    child.kill('SIGTERM');
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, pass);
  child.on('error', (err) => {
    process.stderr.write(`camwatch: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const STACK_ENV = 'CAMWATCH_START_STACK';

if (process.env[STACK_ENV] !== '1') {
  superviseStack();
} else {
  main().then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (err: unknown) => {
      process.stderr.write(`camwatch: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
