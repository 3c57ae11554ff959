/**
 * The hub in its own process, started through HubSupervisor by the chaos and load runs (so a
 * fault can SIGKILL it) and by the ingest and scale benchmarks (so its RSS and CPU are its own):
 * real ingest on a real broker and PostgreSQL, with the HTTP API unless turned off. Logs go to
 * stdout (pino, with the hub's redaction); the supervisor keeps them in a file or passes them on.
 */
import { readFile } from 'node:fs/promises';
import type { Inventory } from '@camwatch/config';
import { createHub, createLogger } from '@camwatch/hub';
import type { HubApiOptions, HubOptions, BatcherOptions, StatusOptions } from '@camwatch/hub';
import { childConfig, emitEvent, serveChild } from '../chaos/child-endpoint.ts';
import { CommitMeter } from './commit-meter.ts';

export interface HubProcessConfig {
  databaseUrl: string;
  /** null: the hub starts its embedded broker on `mqttPort`. */
  mqttUrl: string | null;
  mqttPort?: number;
  mqttUsername?: string;
  mqttPassword?: string;
  /** MQTT 5 shared-subscription group; null subscribes plainly; undefined keeps the hub's default. */
  shareGroup?: string | null;
  hubId: string;
  dataDir: string;
  /** Imported at the first start (when the database has no station yet). */
  inventoryFile: string | null;
  status?: Partial<StatusOptions>;
  sweepEveryMs?: number;
  batch?: Partial<BatcherOptions>;
  /** The HTTP API (default: on, without the first-admin bootstrap); null = health and metrics only. */
  api?: HubApiOptions | null;
  logLevel: string;
  /** HTTP port (default 0: any free one); null: no HTTP at all (a benchmark's hub). */
  httpPort?: number | null;
  /** HubOptions.clockBeaconMs (null: no clock beacon, as a benchmark wants). */
  clockBeaconMs?: number | null;
  /** Benchmarks: meter commits (CommitMeter), push its progress every 100 ms, answer `measure`, `reset`, `final`. */
  meterCommits?: boolean;
  /**
   * FAULT INJECTION (benchmarks only): the hub's thread is stalled this long after every committed
   * batch, as a starved hub would be (it blocks without burning CPU): `pnpm bench load` shows with
   * it that its verdict can fail.
   */
  faultStallMsPerBatch?: number;
  /** FAULT INJECTION (tests only): HubOptions.faultDropOneIn. */
  faultDropOneIn?: number;
  snapshotHistoryEveryMs?: number;
}

async function main(): Promise<void> {
  const cfg = childConfig<HubProcessConfig>();
  const logger = createLogger(cfg.logLevel);
  const meter = cfg.meterCommits ? new CommitMeter() : null;
  const stall = cfg.faultStallMsPerBatch ? stallFor(cfg.faultStallMsPerBatch) : null;
  const onCommitted: HubOptions['onCommitted'] =
    meter || stall
      ? (outcome, items) => {
          meter?.onCommitted(outcome, items);
          stall?.();
        }
      : undefined;
  const hub = await createHub({
    databaseUrl: cfg.databaseUrl,
    mqttUrl: cfg.mqttUrl,
    mqttPort: cfg.mqttPort ?? 0,
    mqttUsername: cfg.mqttUsername,
    mqttPassword: cfg.mqttPassword,
    ...(cfg.shareGroup === undefined ? {} : { shareGroup: cfg.shareGroup }),
    hubId: cfg.hubId,
    dataDir: cfg.dataDir,
    httpPort: cfg.httpPort === undefined ? 0 : cfg.httpPort,
    ...(cfg.clockBeaconMs === undefined ? {} : { clockBeaconMs: cfg.clockBeaconMs }),
    ...(onCommitted ? { onCommitted } : {}),
    status: cfg.status,
    sweepEveryMs: cfg.sweepEveryMs,
    batch: cfg.batch,
    logger,
    ...(cfg.faultDropOneIn === undefined ? {} : { faultDropOneIn: cfg.faultDropOneIn }),
    ...(cfg.snapshotHistoryEveryMs === undefined ? {} : { snapshotHistoryEveryMs: cfg.snapshotHistoryEveryMs }),
    ...(cfg.api === null ? {} : { api: cfg.api ?? { bootstrapAdmin: false } }),
  });
  // First start only: a restarted hub finds its inventory in the database (as in production).
  const known = await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stations');
  if (cfg.inventoryFile && known.rows[0]!.n === 0)
    await hub.importInventory(JSON.parse(await readFile(cfg.inventoryFile, 'utf8')) as Inventory);
  serveChild(
    {
      flush: () => hub.flush(),
      sweep: async () => (await hub.sweep()).length,
      metrics: () => hub.metrics.registry.getMetricsAsJSON(),
      /** Issues MQTT credentials for stations (embedded broker): the secrets go to the parent only. */
      issueStationCredentials: async (args) => {
        const out: Record<string, { username: string; password: string }> = {};
        for (const id of args.stationIds as string[]) {
          const c = await hub.credentials.createStationCredential(id);
          out[id] = { username: c.username, password: c.secret };
        }
        return out;
      },
      ...(meter
        ? {
            measure: () => meter.measure(),
            reset: () => meter.reset(),
            final: () => meter.final(),
          }
        : {}),
      stop: () => hub.stop(),
    },
    { httpUrl: hub.httpUrl, mqttUrl: hub.mqttUrl, pid: process.pid },
  );
  if (meter) setInterval(() => emitEvent(meter.progress()), 100).unref();
}

/** Blocks this thread for `ms` without spinning (Atomics.wait on a value that never changes). */
function stallFor(ms: number): () => void {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return () => void Atomics.wait(cell, 0, 0, ms);
}

main().catch((err: unknown) => {
  console.error('hub process failed:', err);
  process.exit(1);
});
