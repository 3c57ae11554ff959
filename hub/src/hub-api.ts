import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Db } from './db/db.ts';
import type { SnapshotFiles } from './snapshots/snapshot-files.ts';
import { AlertEngine } from './alerts/alert-engine.ts';
import type { WorkOrderPolicy } from './work-orders/work-order-service.ts';
import type { SmtpOptions } from './alerts/channels/email-sender.ts';
import type { CommandPublish } from './commands/command-service.ts';
import { ensureFirstAdmin } from './auth/first-admin.ts';
import { BrokerCredentialSync } from './credentials/broker-credential-sync.ts';
import { mosquittoHash } from './credentials/mosquitto-password.ts';
import { DEFAULT_API_CONFIG, type ApiConfig } from './http/api-deps.ts';
import { createApiContext, type ApiContext } from './http/api-context.ts';
import { LiveBus } from './live/live-bus.ts';
import { LiveFeed } from './live/live-feed.ts';
import { UptimeService } from './uptime/index.ts';

/** What the hub hands the API side of its composition. */
export interface HubApiParts {
  db: Db;
  log: Logger;
  registry: Registry;
  snapshotFiles: SnapshotFiles;
  /** The embedded broker, when the hub runs one (revocations drop live connections there). */
  broker: { disconnectStation(stationId: string): boolean } | null;
  /** Publishes on the hub's own MQTT connection (alert topic). */
  publish: CommandPublish;
  /** The broker URL stations use, unless the config says otherwise. */
  mqttUrl: string;
  /** The hub's own broker account (goes into Mosquitto's password file). */
  mqttUsername?: string;
  mqttPassword?: string;
}

export interface HubApiOptions {
  config?: Partial<ApiConfig>;
  /** Create and print the first admin when there is no user (default true). */
  bootstrapAdmin?: boolean;
  smtp?: SmtpOptions | null;
  /** Alert evaluation in this process (default on); off for API-only hubs. */
  alerts?: { evaluateEveryMs?: number; digestHour?: number } | false;
  /** Reopen window of work orders, for the alert engine that opens them (createHub passes its own). */
  workOrderPolicy?: WorkOrderPolicy;
  /** Folder to write Mosquitto's `passwd` and `acl` into, and the pid file to SIGHUP after each change. */
  mosquitto?: { dir: string; pidFile?: string } | null;
}

/** The API's services, built and started; `ctx` goes to the HTTP plugin, `stop` ends what runs. */
export interface HubApi {
  ctx: ApiContext;
  stop(): Promise<void>;
}

/**
 * The API half of the composition root (called by `createHub` only, after the migrations): the
 * first admin, credential sync to the embedded broker or Mosquitto's files, the alert engine, the
 * live bus and feed, and the context the routes get. The HTTP plugin only registers routes.
 */
export async function composeHubApi(parts: HubApiParts, options: HubApiOptions = {}): Promise<HubApi> {
  const log = parts.log.child({ component: 'api' });
  if (options.bootstrapAdmin ?? true) await ensureFirstAdmin(parts.db, log);
  const uptime = new UptimeService(parts.db);
  const m = options.mosquitto ?? null;
  const brokerSync = new BrokerCredentialSync(parts.db, log, {
    ...(parts.broker ? { disconnectStation: (id: string) => void parts.broker!.disconnectStation(id) } : {}),
    ...(m
      ? {
          mosquitto: {
            dir: m.dir,
            hubAccounts:
              parts.mqttUsername && parts.mqttPassword
                ? [{ username: parts.mqttUsername, passwordHash: mosquittoHash(parts.mqttPassword) }]
                : [],
            ...(m.pidFile ? { reload: () => sighup(m.pidFile!) } : {}),
          },
        }
      : {}),
  });
  await brokerSync.writeMosquittoFiles();
  const alerts = new AlertEngine({
    db: parts.db,
    log: log.child({ part: 'alerts' }),
    registry: parts.registry,
    uptime,
    smtp: options.smtp ?? null,
    publishMqtt: parts.publish,
    ...(options.workOrderPolicy ? { workOrderPolicy: options.workOrderPolicy } : {}),
    ...(options.alerts ? options.alerts : {}),
  });
  const live = new LiveBus();
  const ctx = createApiContext({
    db: parts.db,
    logger: log,
    registry: parts.registry,
    uptime,
    snapshots: parts.snapshotFiles,
    live,
    brokerSync,
    alerts,
    publish: parts.publish,
    config: { ...DEFAULT_API_CONFIG, stationMqttUrl: parts.mqttUrl, ...options.config },
  });
  if (options.alerts !== false) alerts.start();
  // Not awaited: the broker may come later; mqtt.js sends the lists once it connects.
  // Connections first go to their nearest collector (stations may have changed while no hub ran), then every list is sent.
  ctx.privateCameraConnections
    .rebalance()
    .then(() => ctx.collectorTargets.publishAll())
    .catch((err: Error) => log.error({ err: err.message }, 'collector targets not sent at start'));
  const feed = new LiveFeed(parts.db, live, log.child({ part: 'live-feed' }), { pollMs: 1_000 });
  try {
    await feed.start();
  } catch (err) {
    await alerts.stop();
    throw err;
  }
  return {
    ctx,
    stop: async () => {
      await feed.stop();
      await alerts.stop();
    },
  };
}

/** Asks Mosquitto to reread its password file and ACL. */
async function sighup(pidFile: string): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8')).trim());
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`no Mosquitto pid in ${pidFile}`);
  process.kill(pid, 'SIGHUP');
}
