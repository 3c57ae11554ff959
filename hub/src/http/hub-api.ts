import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Db } from '../db/db.ts';
import type { SnapshotFiles } from '../snapshots/snapshot-files.ts';
import { AlertEngine } from '../alerts/alert-engine.ts';
import type { SmtpOptions } from '../alerts/channels/email-sender.ts';
import type { MqttPublish } from '../alerts/channels/mqtt-sender.ts';
import { BrokerCredentialSync } from '../credentials/broker-credential-sync.ts';
import { mosquittoHash } from '../credentials/mosquitto-password.ts';
import { LiveBus } from '../live/live-bus.ts';
import { UptimeService } from '../uptime/index.ts';
import { DEFAULT_API_CONFIG, type ApiConfig } from './api-deps.ts';
import { apiPlugin } from './api-plugin.ts';

/** What the hub hands the API when it builds its HTTP server. */
export interface HubApiParts {
  db: Db;
  log: Logger;
  registry: Registry;
  snapshotFiles: SnapshotFiles;
  /** The embedded broker, when the hub runs one (revocations drop live connections there). */
  broker: { disconnectStation(stationId: string): boolean } | null;
  /** Publishes on the hub's own MQTT connection (alert topic). */
  publish: MqttPublish;
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
  /** Folder to write Mosquitto's `passwd` and `acl` into, and the pid file to SIGHUP after each change. */
  mosquitto?: { dir: string; pidFile?: string } | null;
}

/**
 * The whole HTTP API as one plugin for the hub's server (`createHub({ api: … })`): the live
 * bus and feed, the alert engine (started here, stopped with the server), credential sync to
 * the embedded broker or Mosquitto's files, then the routes under /api.
 */
export function hubApiPlugin(parts: HubApiParts, options: HubApiOptions = {}): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    const log = parts.log.child({ component: 'api' });
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
      ...(options.alerts ? options.alerts : {}),
    });
    if (options.alerts !== false) alerts.start();
    app.addHook('onClose', () => alerts.stop());
    await app.register(apiPlugin, {
      prefix: '/api',
      bootstrapAdmin: options.bootstrapAdmin ?? true,
      deps: {
        db: parts.db,
        logger: log,
        registry: parts.registry,
        uptime,
        snapshots: parts.snapshotFiles,
        live: new LiveBus(),
        brokerSync,
        alerts,
        config: { ...DEFAULT_API_CONFIG, stationMqttUrl: parts.mqttUrl, ...options.config },
      },
    });
  };
}

/** Asks Mosquitto to reread its password file and ACL. */
async function sighup(pidFile: string): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8')).trim());
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`no Mosquitto pid in ${pidFile}`);
  process.kill(pid, 'SIGHUP');
}
