import type { AlertItem } from '@camwatch/config';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Db } from '../db/db.ts';
import type { UptimeService } from '../uptime/index.ts';
import { AlertDeliverer } from './alert-deliverer.ts';
import { enqueueDigests } from './alert-digest.ts';
import { DigestRepository } from './digest-repository.ts';
import { evaluateAlerts } from './alert-evaluator.ts';
import { AlertFactsRepository } from './alert-facts-repository.ts';
import { loadFacts } from './alert-facts.ts';
import { createAlertMetrics, type AlertMetrics } from './alert-metrics.ts';
import { enqueueAlertEvent } from './alert-notifier.ts';
import { AlertRepository } from './alert-repository.ts';
import { ChannelRepository } from './channel-repository.ts';
import { createSenders } from './channels/channel-registry.ts';
import type { ChannelSender } from './channels/channel-sender.ts';
import type { SmtpOptions } from './channels/email-sender.ts';
import type { MqttPublish } from './channels/mqtt-sender.ts';
import { DEFAULT_BACKOFF, DeliveryOutbox, type BackoffPolicy } from './delivery-outbox-repository.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { WorkOrderRepository } from '../work-orders/work-order-repository.ts';
import { WorkOrderService, type WorkOrderPolicy } from '../work-orders/work-order-service.ts';

/** Arbitrary constant: the advisory lock held by the one hub evaluating alerts at a time. */
export const ALERT_LOCK = 72_614_101;

export interface AlertEngineOptions {
  db: Db;
  log: Logger;
  registry: Registry;
  uptime: UptimeService;
  smtp?: SmtpOptions | null;
  publishMqtt?: MqttPublish | null;
  /** Evaluation period (default 15 s); deliveries are attempted every `deliverEveryMs` (default 2 s). */
  evaluateEveryMs?: number;
  deliverEveryMs?: number;
  /** Local hour (Asia/Ho_Chi_Minh) after which yesterday's digests go out (default 7). */
  digestHour?: number;
  backoff?: BackoffPolicy;
  /** Opens, keeps or reopens a repair work order when a fault's alert opens; default: the hub's own, with `workOrderPolicy`. */
  workOrders?: WorkOrderService;
  workOrderPolicy?: WorkOrderPolicy;
  now?: () => number;
}

export interface PassResult {
  opened: number;
  resolved: number;
  digests: number;
}

/**
 * Alerts: a periodic evaluation pass (facts → decisions → alert rows + outbox rows, in one
 * transaction under a PostgreSQL advisory lock, so with several hubs exactly one evaluates at
 * a time) and a delivery loop draining the outbox. Nothing here is on the ingest's path.
 */
export class AlertEngine {
  readonly alerts: AlertRepository;
  readonly channels: ChannelRepository;
  readonly metrics: AlertMetrics;
  private readonly outbox: DeliveryOutbox;
  private readonly deliverer: AlertDeliverer;
  private readonly senders: Record<string, ChannelSender>;
  private readonly digests: DigestRepository;
  private readonly now: () => number;
  private readonly workOrders: WorkOrderService;
  private readonly workOrderRepo = new WorkOrderRepository();
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: AlertEngineOptions) {
    this.now = opts.now ?? Date.now;
    this.workOrders =
      opts.workOrders ??
      new WorkOrderService(
        opts.db,
        this.workOrderRepo,
        new AuditLog(opts.db),
        opts.log.child({ part: 'work-orders' }),
        opts.workOrderPolicy,
        this.now,
      );
    this.alerts = new AlertRepository(opts.db);
    this.channels = new ChannelRepository(opts.db);
    this.outbox = new DeliveryOutbox(opts.db);
    this.digests = new DigestRepository();
    this.metrics = createAlertMetrics(opts.registry);
    const senders = createSenders({ smtp: opts.smtp ?? null, publishMqtt: opts.publishMqtt ?? null });
    this.senders = senders;
    this.deliverer = new AlertDeliverer(
      this.outbox,
      this.channels,
      senders,
      this.metrics,
      opts.log.child({ part: 'alert-delivery' }),
      opts.backoff ?? DEFAULT_BACKOFF,
    );
  }

  start(): void {
    const loop = (ms: number, name: string, fn: () => Promise<unknown>) => {
      const tick = () => {
        // One job at a time per engine: a slow pass delays the next instead of overlapping it.
        this.running = this.running.then(fn).catch((err: unknown) => this.opts.log.error({ err, job: name }, 'alert job failed'));
      };
      this.timers.push(setInterval(tick, ms));
    };
    loop(this.opts.evaluateEveryMs ?? 15_000, 'evaluate', () => this.evaluate());
    loop(this.opts.deliverEveryMs ?? 2_000, 'deliver', () => this.deliver());
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.running;
    for (const sender of Object.values(this.senders)) sender.close?.();
  }

  /** One evaluation pass; null when another hub holds the lock right now. */
  async evaluate(now: number = this.now()): Promise<PassResult | null> {
    const result = await this.opts.db.transaction(async (tx) => {
      if (!(await new AlertFactsRepository(tx).tryLock(ALERT_LOCK))) return null;
      const rules = await this.alerts.rules(tx);
      const facts = await loadFacts(tx, new Map(rules.map((r) => [r.id, r])), now);
      const maxWindow = Math.max(0, ...rules.map((r) => r.flapWindowMs));
      const decisions = evaluateAlerts({
        rules,
        conditions: facts.conditions,
        unknown: facts.unknown,
        live: await this.alerts.live(tx),
        recentlyResolved: await this.alerts.recentlyResolved(tx, now, maxWindow),
        now,
      });
      const changes = await this.alerts.apply(tx, decisions, now);
      const deps = { alerts: this.alerts, channels: this.channels, outbox: this.outbox, units: facts.units };
      let opened = 0;
      let resolved = 0;
      for (const c of changes) {
        if (!c.event) continue;
        const item = c.notify
          ? await enqueueAlertEvent(tx, deps, c.alertId, c.event)
          : await this.alerts.item(c.alertId, { all: true }, tx);
        if (item) this.metrics.changes.inc({ rule: item.rule, event: c.event });
        if (c.event === 'opened') {
          opened++;
          await this.openWorkOrder(tx, c.alertId, now);
        } else resolved++;
      }
      const digests = await enqueueDigests(
        tx,
        { ...deps, uptime: this.opts.uptime, digests: this.digests },
        now,
        this.opts.digestHour ?? 7,
      );
      return { opened, resolved, digests };
    });
    this.metrics.passes.inc({ result: result ? 'done' : 'locked' });
    return result;
  }

  /** An order follows the alert of a fault; a failure there is logged and never costs the alert pass. */
  private async openWorkOrder(tx: Db, alertId: number, now: number): Promise<void> {
    try {
      const outcome = await this.workOrderRepo.inSavepoint(tx, () => this.workOrders.onAlertOpened(tx, alertId, now));
      this.metrics.workOrders.inc({ outcome });
    } catch (err) {
      this.metrics.workOrders.inc({ outcome: 'failed' });
      this.opts.log.error({ err, alertId }, 'work order for alert not opened');
    }
  }

  deliver(now: number = this.now()): Promise<number> {
    return this.deliverer.deliverDue(now);
  }

  /**
   * Acknowledges an open alert in scope-checked code paths (the API checks scope first);
   * `alsoInTx` runs in the same transaction once the alert is acknowledged (its audit entry).
   */
  async acknowledge(alertId: number, userId: string, comment: string, alsoInTx?: (tx: Db) => Promise<void>): Promise<AlertItem | null> {
    const now = this.now();
    return this.opts.db.transaction(async (tx) => {
      if (!(await this.alerts.acknowledge(tx, alertId, userId, comment, now))) return null;
      await alsoInTx?.(tx);
      const map = await new AlertFactsRepository(tx).unitTree();
      return enqueueAlertEvent(
        tx,
        { alerts: this.alerts, channels: this.channels, outbox: this.outbox, units: map },
        alertId,
        'acknowledged',
      );
    });
  }

  /** Queues a test message on one channel (delivered by the next delivery run). */
  async test(channelId: string): Promise<void> {
    await this.outbox.enqueue(this.opts.db, [
      {
        channelId,
        alertId: null,
        kind: 'test',
        payload: {
          alertId: 'test',
          rule: 'test',
          severity: 'info',
          state: 'open',
          stationId: 'TEST',
          cameraId: null,
          unitId: 'TEST',
          message: 'camwatch test',
          openedAt: this.now(),
          resolvedAt: null,
        },
      },
    ]);
  }
}
