import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { loadInventory } from '@camwatch/config/node';
import { parseSimulatorArgs, USAGE, UsageError, type SimulatorCliOptions } from './cli-args.ts';
import { loadCredentialsFile } from './credentials-file.ts';
import { defaultStartSpreadMs, runFleet } from './fleet-runner.ts';
import { resolveInventory } from './fleet-stations.ts';
import { SummaryMeter, type FleetSummary } from './fleet-summary.ts';
import type { WorkerMessage } from './fleet-workers.ts';
import { runWorkers } from './fleet-workers.ts';

/** Stations one process may run: its sockets stay well under the open-file limit of 20,000. */
const STATIONS_PER_WORKER = 15_000;
const FAST_INTERVALS = { healthMs: 5_000, probeMs: 5_000, pictureCheckMs: 15_000, statusRefreshMs: 60_000, snapshotMs: 30_000 };

const printLine = (summary: FleetSummary, final: boolean) => console.log(JSON.stringify(final ? { final: true, ...summary } : summary));

function shardPath(outbox: string, opts: SimulatorCliOptions): string {
  if (!opts.shard || opts.shard.count === 1) return outbox;
  const suffix = `.w${opts.shard.index}`;
  return /\.sqlite$/.test(outbox) ? outbox.replace(/\.sqlite$/, `${suffix}.sqlite`) : outbox + suffix;
}

async function runHere(opts: SimulatorCliOptions, logger: Logger): Promise<number> {
  const inventory = opts.inventory
    ? await loadInventory(opts.inventory)
    : resolveInventory({ seed: opts.seed, cameras: opts.cameras ?? undefined });
  const credentials = opts.credentials ? await loadCredentialsFile(opts.credentials) : undefined;
  const fleet = runFleet({
    inventory,
    mqttUrl: opts.mqttUrls,
    credentials,
    outboxPath: shardPath(opts.outbox, opts),
    seed: opts.seed,
    faults: opts.faults,
    intervals: opts.intervals === 'fast' ? FAST_INTERVALS : undefined,
    shard: opts.shard ?? undefined,
    // Workers share the load of booting: the whole fleet boots over the same time as in one process.
    startSpreadMs: defaultStartSpreadMs(inventory.stations.length),
    logger,
  });
  const meter = new SummaryMeter();
  // A worker reports to its parent; a lone simulator prints its own lines.
  const report = (final: boolean) => {
    const summary = meter.summarise(fleet.stats());
    if (process.send) process.send({ type: 'summary', summary, final } satisfies WorkerMessage);
    else printLine(summary, final);
  };
  const ticker = setInterval(() => report(false), opts.statsEveryS * 1000);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    if (opts.durationS) setTimeout(resolve, opts.durationS * 1000).unref();
  });
  clearInterval(ticker);
  report(true);
  await fleet.stop();
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const opts = parseSimulatorArgs(argv);
  // Logs go to stderr; stdout carries only the JSON summary lines.
  const logger = pino({ level: opts.logLevel, base: opts.shard ? { worker: opts.shard.index } : {} }, pino.destination(2));
  if (opts.shard) return runHere(opts, logger);
  const stations = opts.inventory
    ? (await loadInventory(opts.inventory)).stations.length
    : resolveInventory({ seed: opts.seed, cameras: opts.cameras ?? undefined }).stations.length;
  const workers = opts.workers === 'auto' ? Math.ceil(stations / STATIONS_PER_WORKER) : opts.workers;
  if (workers <= 1) return runHere(opts, logger);
  logger.warn({ stations, workers }, 'running the fleet in several processes');
  return runWorkers(
    fileURLToPath(import.meta.url),
    argv.filter((a, i) => a !== '--workers' && argv[i - 1] !== '--workers'),
    workers,
    printLine,
    logger,
  );
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`simulate: ${err instanceof Error ? err.message : String(err)}`);
    if (usage) console.error(USAGE);
    process.exitCode = usage ? 2 : 1;
  },
);
