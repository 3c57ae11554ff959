import {
  DEFAULTS,
  decodeJson,
  topicFor,
  encodeJson,
  WORK_ORDER_REOPEN_WITHIN_DAYS,
  WORK_ORDER_VERIFY_AFTER_HOURS,
  type Inventory,
} from '@camwatch/config';
import type { FastifyInstance } from 'fastify';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { CredentialService } from './credentials/credential-service.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { Db } from './db/db.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './db/embedded-postgres.ts';
import { migrate, type Migration } from './db/migrate.ts';
import { MIGRATIONS } from './db/migrations/index.ts';
import { PgDb } from './db/pg-db.ts';
import { buildHttpServer, type ExtraPlugin } from './http/http-server.ts';
import type { TlsFiles } from './http/tls-files.ts';
import { dashboardStatic } from './http/plugins/dashboard-static.ts';
import { apiPlugin } from './http/api-plugin.ts';
import { composeHubApi, type HubApiOptions } from './hub-api.ts';
import { DEFAULT_LIMITS, type DecodeLimits } from './ingest/decode-message.ts';
import type { BatcherOptions } from './ingest/ingest-batcher.ts';
import { CameraOwnerRepository } from './ingest/camera-owner-repository.ts';
import { CameraOwners } from './ingest/camera-owners.ts';
import { StationRateLimiter } from './ingest/station-rate-limiter.ts';
import { IngestPipeline } from './ingest/ingest-pipeline.ts';
import { IngestWriter, type BatchOutcome } from './ingest/ingest-writer.ts';
import type { IngestItem } from './ingest/ingest-types.ts';
import { importInventory, type ImportSummary } from './inventory/inventory-import.ts';
import { every } from './jobs/periodic.ts';
import { runRetention } from './jobs/retention-job.ts';
import { createLogger } from './logger.ts';
import { createMetrics, type HubMetrics } from './metrics.ts';
import { UptimeDaysJob } from './uptime/uptime-days-job.ts';
import { CommandRepository } from './commands/command-repository.ts';
import { CommandService, DEFAULT_COMMAND_OPTIONS } from './commands/command-service.ts';
import { AuditLog } from './audit/audit-log.ts';
import { ReferenceRepository } from './references/reference-repository.ts';
import { ReferenceRestorer } from './references/reference-restorer.ts';
import { workOrderVerifyJob } from './jobs/work-order-verify-job.ts';
import type { WorkOrderPolicy } from './work-orders/work-order-service.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from './mqtt/embedded-broker.ts';
import { HubSubscriber } from './mqtt/hub-subscriber.ts';
import { SnapshotRepository } from './snapshots/snapshot-repository.ts';
import { SnapshotFiles } from './snapshots/snapshot-files.ts';
import { HealthRepository } from './status/health-repository.ts';
import { StatusRepository } from './status/status-repository.ts';
import { groupHeard, HeardClock } from './status/heard-clock.ts';
import {
  DEFAULT_STATUS_OPTIONS,
  LAST_SEEN_RESOLUTION_MS,
  StatusUpdater,
  type AppliedTransition,
  type StatusOptions,
} from './status/status-updater.ts';

export interface HubOptions {
  /** An open database (tests); otherwise `databaseUrl`, otherwise embedded PostgreSQL under `dataDir`. */
  db?: Db;
  /** DATABASE_URL. */
  databaseUrl?: string | null;
  /** DATA_DIR (default ./data): embedded PostgreSQL cluster, snapshots, lock file. */
  dataDir?: string;
  /** SNAPSHOT_DIR (default <dataDir>/snapshots). */
  snapshotDir?: string;
  /** MQTT_URL of a production broker; unset starts the embedded broker. */
  mqttUrl?: string | null;
  mqttUsername?: string;
  mqttPassword?: string;
  /** Embedded broker port (MQTT_PORT, default 1883; 0 picks a free one). */
  mqttPort?: number;
  /** Default 5 for an external broker (shared subscriptions), 4 for the embedded one. */
  mqttProtocol?: 4 | 5;
  /**
   * MQTT 5 shared-subscription group (MQTT_SHARE_GROUP) for hubs that split one fleet; default none.
   * Opt-in because Mosquitto 2.0 does not restore shared subscriptions after a broker restart:
   * what stations publish before the hubs resubscribe is acknowledged and dropped. A plain
   * persistent subscription is queued across the restart, and with several hubs the database's
   * idempotent writes keep every sample once (each hub then ingests the whole fleet).
   */
  shareGroup?: string | null;
  /** Stable id of this hub process: its MQTT session is `camwatch-hub-<hubId>` (HUB_ID, default the host name). */
  hubId?: string;
  /** HTTP port (PORT, default 8080; 0 picks a free one; null = no HTTP server). */
  httpPort?: number | null;
  httpHost?: string;
  /** HTTPS on the HTTP port (TLS_CERT_FILE, TLS_KEY_FILE): PEM files, checked at start, reloaded on SIGHUP. */
  https?: TlsFiles;
  /** TRUST_PROXY: reverse proxies (addresses, CIDRs, `loopback`) whose X-Forwarded-* headers count; default none. */
  trustProxy?: readonly string[];
  /** More HTTP plugins (the full API), registered after the hub's routes. */
  httpPlugins?: readonly ExtraPlugin[];
  /** DASHBOARD_DIR: the built dashboard, served at `/`; unset = API only. */
  dashboardDir?: string;
  /** The full HTTP API under /api (users, inventory, alerts, reports, live); absent = health and metrics only. */
  api?: HubApiOptions;
  logger?: Logger;
  batch?: Partial<BatcherOptions>;
  limits?: Partial<DecodeLimits>;
  status?: Partial<StatusOptions>;
  /** Station timeout check period, and of the hub's echo through the broker (default 10 s). */
  sweepEveryMs?: number;
  /** Period of the job that stores closed days' uptime figures per camera (default 10 min; null = none). */
  uptimeDaysEveryMs?: number | null;
  /** Retention job period (default 1 h). */
  retentionEveryMs?: number;
  /** hub/clock beacon period (default healthIntervalMs; null = none). */
  clockBeaconMs?: number | null;
  /** Called after every committed ingest batch (live updates, benchmarks); must not throw. */
  onCommitted?: (outcome: BatchOutcome, items: readonly IngestItem[]) => void;
  /**
   * FAULT INJECTION, off by default and never set from the environment: acknowledge and discard
   * every Nth valid data message (see PipelineDeps.faultDropOneIn). Only for tests that must show
   * a loss check can fail (the chaos run's lossy-hub test, `pnpm chaos --fault-drop-one-in N`).
   */
  faultDropOneIn?: number;
  /** A camera's snapshot history keeps at most one scheduled snapshot per this period (default DEFAULTS.snapshotHistoryEveryMs). */
  snapshotHistoryEveryMs?: number;
  /**
   * Work orders (WORK_ORDER_VERIFY_HOURS, WORK_ORDER_REOPEN_DAYS): how long a repaired camera must
   * stay ok to be verified, within how many days a returning fault reopens the order, and how often
   * the verification job runs (default 5 min; null = none).
   */
  workOrders?: { verifyAfterHours?: number; reopenWithinDays?: number; verifyEveryMs?: number | null };
  /** Migrations to run (default: all of them, MIGRATIONS). */
  migrations?: readonly Migration[];
  now?: () => number;
}

export interface Hub {
  readonly db: Db;
  readonly log: Logger;
  readonly metrics: HubMetrics;
  readonly credentials: CredentialService;
  /** The embedded broker, when no MQTT_URL was given. */
  readonly broker: EmbeddedBroker | null;
  readonly mqttUrl: string;
  readonly http: FastifyInstance | null;
  readonly httpUrl: string | null;
  readonly snapshotFiles: SnapshotFiles;
  readonly snapshots: SnapshotRepository;
  readonly status: StatusUpdater;
  readonly subscriber: HubSubscriber;
  importInventory(inv: Inventory): Promise<ImportSummary>;
  /** Writes every queued message now and waits for the commit. */
  flush(): Promise<void>;
  /** Runs the station timeout check now, over the silence this hub has really heard (see HeardClock). */
  sweep(): Promise<AppliedTransition[]>;
  runRetention(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** Starts a hub: database (migrated), broker connection (or the embedded broker), ingest, jobs, HTTP. */
export async function createHub(options: HubOptions = {}): Promise<Hub> {
  const log = options.logger ?? createLogger();
  const now = options.now ?? Date.now;
  const dataDir = resolve(options.dataDir ?? './data');
  const cleanup: (() => Promise<void>)[] = [];
  const undo = async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn().catch((err: unknown) => log.error({ err }, 'shutdown step failed'));
  };
  try {
    let db = options.db;
    if (!db) {
      let url = options.databaseUrl ?? null;
      if (!url) {
        const lock = await lockDataDir(dataDir);
        cleanup.push(() => lock.release());
        const pgServer: EmbeddedPostgresHandle = await startEmbeddedPostgres(dataDir, log);
        cleanup.push(() => pgServer.stop());
        url = pgServer.url;
      }
      const opened = await PgDb.connect(url);
      log.info({ timescale: opened.features.timescale, note: opened.timescaleNote }, 'database connected');
      cleanup.push(() => opened.close());
      db = opened;
    }
    // HTTP closes after MQTT is quiet and before the database, then the API's services stop (the live
    // feed reads the database): their steps are reserved here and filled in once they exist.
    let stopApi: () => Promise<void> = async () => undefined;
    cleanup.push(() => stopApi());
    let closeHttp: () => Promise<void> = async () => undefined;
    cleanup.push(() => closeHttp());
    const applied = await migrate(db, options.migrations ?? MIGRATIONS);
    if (applied.length) log.info({ applied }, 'migrations applied');

    const metrics = createMetrics();
    const credentials = new CredentialService(db);
    const hubId = options.hubId ?? hostname();
    let broker: EmbeddedBroker | null = null;
    let mqttUrl = options.mqttUrl ?? null;
    let username = options.mqttUsername;
    let password = options.mqttPassword;
    if (!mqttUrl) {
      broker = await startEmbeddedBroker({ port: options.mqttPort ?? 1883, credentials, log, metrics });
      cleanup.push(() => broker!.close());
      mqttUrl = broker.url;
      // A fresh hub secret every start: nothing to configure, nothing stored in clear.
      username = `hub-${hubId}`;
      await credentials.revokeHub(username);
      password = (await credentials.createHubCredential(username)).secret;
    }
    const protocol = options.mqttProtocol ?? (broker ? 4 : 5);
    const shareGroup = broker || protocol === 4 ? null : (options.shareGroup ?? null);

    const snapshotFiles = new SnapshotFiles(resolve(options.snapshotDir ?? join(dataDir, 'snapshots')));
    const snapshots = new SnapshotRepository(options.snapshotHistoryEveryMs ?? DEFAULTS.snapshotHistoryEveryMs.value);
    const statusOptions = { ...DEFAULT_STATUS_OPTIONS, ...options.status };
    const status = new StatusUpdater(statusOptions);
    // Each hub of a share group reports how far it has heard; the sweep reads the others' (hub_heard).
    const heardClocks = new StatusRepository();
    const cameraOwners = new CameraOwners(new CameraOwnerRepository(db));
    await cameraOwners.refresh();
    // A reinstalled agent gets its cameras' references back, on the hub's own MQTT connection.
    const restorer = new ReferenceRestorer(
      db,
      new ReferenceRepository(),
      new CommandService(
        db,
        new CommandRepository(),
        new AuditLog(db),
        (t, p, q, r, o) => subscriber.publish(t, p, q, r, o),
        log.child({ part: 'reference-restore' }),
        { ...DEFAULT_COMMAND_OPTIONS, now },
      ),
      log.child({ part: 'reference-restore' }),
    );
    const pipeline = new IngestPipeline({
      db,
      writer: new IngestWriter(status, snapshots),
      snapshotFiles,
      snapshotRepo: snapshots,
      metrics,
      log,
      now,
      onCommitted: (outcome, items) => {
        // Not awaited: a restore is a publish, and the batch after it must not wait for the broker.
        restorer.restoreAfter(items);
        options.onCommitted?.(outcome, items);
      },
      cameraOwners,
      rateLimiter: new StationRateLimiter(DEFAULTS.stationMaxMsgsPerSec.value, DEFAULTS.stationBurstMsgs.value),
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      batch: { maxRows: DEFAULTS.ingestBatchMaxRows.value, maxDelayMs: DEFAULTS.ingestBatchMaxDelayMs.value, ...options.batch },
      ...(options.faultDropOneIn === undefined ? {} : { faultDropOneIn: options.faultDropOneIn }),
    });
    if (options.faultDropOneIn !== undefined)
      log.warn({ dropOneIn: options.faultDropOneIn }, 'FAULT INJECTION: this hub discards one data message in every N');
    // Runs after the final flush below (cleanups run last first): restores that flush started end before the pool does.
    cleanup.push(() => restorer.drain());
    cleanup.push(() => pipeline.stop());
    // Bounded: with the database down the flush would retry for ever; what stays unacknowledged is redelivered.
    cleanup.push(() => Promise.race([pipeline.flush(), new Promise<void>((r) => setTimeout(r, 10_000).unref())]));
    const heard = new HeardClock();
    const echoTopic = topicFor('hubEcho', {});
    const sendEcho = () => {
      subscriber
        .publish(echoTopic, encodeJson('hubEcho', { hubId, hubTs: now() }), 1)
        .catch((err: unknown) => log.debug({ err }, 'echo not sent'));
    };
    const subscriber = new HubSubscriber({
      url: mqttUrl,
      username,
      password,
      clientId: `camwatch-hub-${hubId}`,
      protocolVersion: protocol,
      shareGroup,
      log,
      onMessage: (packet, ticket, acks) => {
        if (packet.topic === echoTopic) {
          const echo = decodeJson('hubEcho', Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload));
          if (echo.ok) heard.echo(echo.value.hubTs, now());
          return acks.settle(ticket);
        }
        return pipeline.receive(packet, ticket, acks);
      },
      onDroppedAck: () => log.debug('ack for a dropped connection not sent; the broker redelivers'),
      onListening: (on) => {
        heard.listening(on, now());
        if (on) sendEcho();
      },
    });
    cleanup.push(() => subscriber.stop());
    // HTTP comes up while the broker is awaited (with backoff): /api/health reports it not ready meanwhile.
    const subscribed = subscriber.start().then(
      () => null,
      (err: Error) => err,
    );
    metrics.sources.pendingAcks = () => subscriber.pendingAcks;
    metrics.sources.queued = () => pipeline.queued;

    const sweep = async (): Promise<AppliedTransition[]> => {
      let h = heard.heard(pipeline.oldestUnsettledAt);
      // What this hub heard, kept as history: a gap in it is the hub's outage, not the stations' (uptime coverage).
      if (h) await heardClocks.recordHeardSpan(db, hubId, h);
      if (shareGroup) {
        // Each hub of the group hears a share of every station: judge only what all live hubs have heard.
        const at = now();
        await heardClocks.reportHeard(db, hubId, h, at);
        const others = (await heardClocks.groupHeard(db, at - statusOptions.offlineAfterMs)).filter((o) => o.hubId !== hubId);
        h = groupHeard(h, others);
      }
      if (!h) return [];
      // Held Last Wills first: a will is applied only once every hub has heard past its due time with no
      // sign of life from the station (a hub away from the broker cannot have heard the reconnect).
      const heardUntil = h.until;
      const wills = await db.transaction((tx) => status.sweepWills(tx, heardUntil));
      // The stored last-seen time may lag the last message by its resolution: judge only silence certain to be whole.
      const judgedAt = h.until - LAST_SEEN_RESOLUTION_MS;
      // No station can have been silent for a whole timeout while this hub was listening: nothing to judge.
      if (judgedAt - h.since < statusOptions.offlineAfterMs) return wills;
      return [...wills, ...(await db.transaction((tx) => status.sweepTimeouts(tx, judgedAt)))];
    };
    const retention = () =>
      runRetention(
        db,
        snapshotFiles,
        snapshots,
        { rawRetentionDays: DEFAULTS.rawRetentionDays.value, snapshotRetentionDays: DEFAULTS.snapshotRetentionDays.value },
        now(),
        metrics,
        log,
      );
    const commandRepo = new CommandRepository();
    const workOrderPolicy: WorkOrderPolicy = {
      verifyAfterMs: (options.workOrders?.verifyAfterHours ?? WORK_ORDER_VERIFY_AFTER_HOURS) * 3_600_000,
      reopenWithinMs: (options.workOrders?.reopenWithinDays ?? WORK_ORDER_REOPEN_WITHIN_DAYS) * 86_400_000,
    };
    const jobs = [
      every(options.sweepEveryMs ?? 10_000, 'station-timeouts', log, () => {
        sendEcho();
        return sweep();
      }),
      every(options.retentionEveryMs ?? 3_600_000, 'retention', log, retention),
      // Cameras added or moved through the API reach the ingest check within one sweep.
      every(options.sweepEveryMs ?? 10_000, 'camera-owners', log, () => cameraOwners.refresh()),
      // Commands with no reply by their expiry end as expired (any hub may run it; the update is idempotent).
      every(options.sweepEveryMs ?? 10_000, 'command-expiry', log, () => commandRepo.expire(db, now())),
    ];
    const verifyEvery = options.workOrders?.verifyEveryMs === undefined ? 300_000 : options.workOrders.verifyEveryMs;
    if (verifyEvery !== null)
      jobs.push(
        every(verifyEvery, 'work-order-verify', log, workOrderVerifyJob(db, log.child({ part: 'work-orders' }), workOrderPolicy, now)),
      );
    // Month reports read closed days from these rows; every hub may run it (a day is closed under an advisory lock).
    const uptimeDaysEvery = options.uptimeDaysEveryMs === undefined ? 600_000 : options.uptimeDaysEveryMs;
    if (uptimeDaysEvery !== null) {
      const uptimeDays = new UptimeDaysJob(db, { now, log: log.child({ part: 'uptime-days' }) });
      jobs.push(every(uptimeDaysEvery, 'uptime-days', log, () => uptimeDays.runOnce()));
    }
    const beacon = options.clockBeaconMs === undefined ? DEFAULTS.healthIntervalMs.value : options.clockBeaconMs;
    if (beacon !== null)
      jobs.push(
        every(beacon, 'hub-clock', log, () => subscriber.publish(topicFor('hubClock', {}), encodeJson('hubClock', { hubTs: now() }), 0)),
      );
    cleanup.push(async () => {
      for (const j of jobs) await j.stop();
    });
    // Stop order on shutdown (reverse of registration): jobs, subscriber (no new messages), final flush of
    // the ingest, broker, HTTP, database. Nothing then writes to a database that is already gone.

    // The API's services (alert engine, live feed, credential sync) start here, not inside an HTTP plugin.
    const httpPort = options.httpPort === undefined ? 8080 : options.httpPort;
    const api =
      options.api && httpPort !== null
        ? await composeHubApi(
            {
              db,
              log,
              registry: metrics.registry,
              snapshotFiles,
              broker,
              publish: (t, p, q, r, o) => subscriber.publish(t, p, q, r, o),
              mqttUrl,
              mqttUsername: username,
              mqttPassword: password,
            },
            { ...options.api, workOrderPolicy },
          )
        : null;
    if (api) stopApi = () => api.stop();

    let http: FastifyInstance | null = null;
    let httpUrl: string | null = null;
    if (httpPort !== null) {
      http = await buildHttpServer(
        {
          health: new HealthRepository(db),
          registry: metrics.registry,
          ingest: () => ({ brokerConnected: subscriber.connected, queued: pipeline.queued, pendingAcks: subscriber.pendingAcks }),
        },
        log,
        [
          ...(api ? [async (app: FastifyInstance) => void (await app.register(apiPlugin, { prefix: '/api', ctx: api.ctx }))] : []),
          ...(options.httpPlugins ?? []),
          ...(options.dashboardDir ? [dashboardStatic(options.dashboardDir)] : []),
        ],
        { ...(options.https ? { https: options.https } : {}), ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}) },
      );
      const app = http;
      closeHttp = () => app.close();
      httpUrl = await app.listen({ port: httpPort, host: options.httpHost ?? '127.0.0.1' });
      log.info({ url: httpUrl }, 'HTTP listening');
    }

    const failed = await subscribed;
    if (failed) throw failed;
    const database = db;
    return {
      db: database,
      log,
      metrics,
      credentials,
      broker,
      mqttUrl,
      http,
      httpUrl,
      snapshotFiles,
      snapshots,
      status,
      subscriber,
      importInventory: async (inv) => {
        const summary = await importInventory(database, inv);
        await cameraOwners.refresh();
        return summary;
      },
      flush: () => pipeline.flush(),
      sweep,
      runRetention: retention,
      stop: undo,
    };
  } catch (err) {
    await undo();
    throw err;
  }
}
