import {
  canTransition,
  faultKey,
  WORK_ORDER_ALERT_CAUSES,
  WORK_ORDER_DUE_DAYS,
  WORK_ORDER_REOPEN_WITHIN_DAYS,
  WORK_ORDER_STATE_LABELS,
  WORK_ORDER_VERIFY_AFTER_HOURS,
  workOrderPriority,
  type AlertRuleId,
  type CreateWorkOrderBody,
  type UpdateWorkOrderBody,
  PERMISSIONS,
  type WorkOrderAssignableUser,
  type WorkOrderAssignee,
  type WorkOrderState,
} from '@camwatch/config';
import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import { ConflictError } from '../db/conflict-error.ts';
import type { AuditLog, Actor } from '../audit/audit-log.ts';
import { PROVINCE_ROLES } from '../auth/scope.ts';
import type { WorkOrderPatch, WorkOrderRepository, WorkOrderRow } from './work-order-repository.ts';

const DAY = 86_400_000;

export interface WorkOrderPolicy {
  /** A repaired order is verified once its camera (or station) has been ok this long. */
  verifyAfterMs: number;
  /** A fault returning within this long of verification reopens the verified order. */
  reopenWithinMs: number;
}

export const DEFAULT_WORK_ORDER_POLICY: WorkOrderPolicy = {
  verifyAfterMs: WORK_ORDER_VERIFY_AFTER_HOURS * 3_600_000,
  reopenWithinMs: WORK_ORDER_REOPEN_WITHIN_DAYS * DAY,
};

/** Input that names something that does not fit the order (a snapshot of another station, an unknown assignee). */
export class WorkOrderInputError extends Error {
  override name = 'WorkOrderInputError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export type FaultOutcome = 'opened' | 'attached' | 'reopened' | 'ignored';

const toAssignee = (a: WorkOrderAssignee | null | undefined): WorkOrderPatch['assignee'] =>
  a === undefined ? undefined : a === null ? null : a.kind === 'user' ? { userId: a.userId } : { name: a.name, phone: a.phone };

/**
 * Repair work orders: opened by the alert engine when a fault's alert opens (or by hand), moved
 * through the states of the rule table in config, verified by the hub when the camera has stayed
 * ok, reopened when the fault returns. Every change by a person is audited; every state change
 * is recorded in the order's history.
 */
export class WorkOrderService {
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly repo: WorkOrderRepository,
    private readonly audit: AuditLog,
    private readonly log: Logger,
    private readonly policy: WorkOrderPolicy = DEFAULT_WORK_ORDER_POLICY,
    now?: () => number,
  ) {
    this.now = now ?? Date.now;
  }

  /**
   * Called by the alert engine inside its evaluation transaction for every alert that opened or
   * reopened. An open order for the same fault takes the alert (a flapping camera keeps one
   * order); a recently verified one is reopened (the repair did not hold); otherwise a new order.
   */
  async onAlertOpened(tx: Db, alertId: number, now: number): Promise<FaultOutcome> {
    const alert = await this.repo.alertFault(tx, alertId);
    if (!alert) return 'ignored';
    const ruleCause = WORK_ORDER_ALERT_CAUSES[alert.rule as AlertRuleId];
    if (ruleCause === undefined) return 'ignored';
    const key = faultKey(alert.station_id, alert.camera_id);
    const open = await this.repo.openForFault(tx, key);
    if (open) {
      // The fault came back while the repair waited for verification: the repair did not hold.
      if (open.state === 'repaired') await this.move(tx, open, 'reopened', null, `fault returned (alert ${alertId})`, now);
      return open.state === 'repaired' ? 'reopened' : 'attached';
    }
    const verified = await this.repo.verifiedSince(tx, key, now - this.policy.reopenWithinMs);
    if (verified) {
      await this.move(tx, verified, 'reopened', null, `fault returned (alert ${alertId})`, now);
      return 'reopened';
    }
    const facts = await this.repo.stationFacts(tx, alert.station_id);
    if (!facts) return 'ignored';
    const priority = workOrderPriority({ road: facts.road, border: facts.border });
    const id = await this.repo.insert(tx, {
      faultKey: key,
      stationId: alert.station_id,
      cameraId: alert.camera_id,
      cause: alert.cause ?? ruleCause,
      source: 'alert',
      alertId,
      priority,
      dueAt: now + WORK_ORDER_DUE_DAYS[priority] * DAY,
      notes: '',
      payer: facts.funding,
      assignee: null,
      beforeSnapshotId: await this.repo.lastSnapshotBefore(tx, alert.station_id, alert.camera_id, alert.since.getTime()),
      openedAt: now,
      openedBy: null,
    });
    if (id === null) return 'attached';
    await this.repo.addEvent(tx, { orderId: id, at: now, from: null, to: 'new', by: null, note: `alert ${alertId}` });
    this.log.info({ workOrderId: id, stationId: alert.station_id, cameraId: alert.camera_id }, 'work order opened from alert');
    return 'opened';
  }

  /** Opens an order by hand (from the repair queue or the station panel); 409 when the fault already has an open one. */
  async create(actor: Actor, body: CreateWorkOrderBody, ip: string | null): Promise<number> {
    const now = this.now();
    const cameraId = body.cameraId ?? null;
    return this.db.transaction(async (tx) => {
      const facts = await this.repo.stationFacts(tx, body.stationId);
      if (!facts) throw new WorkOrderInputError('body/stationId', `station ${body.stationId} not found`);
      const assignee = toAssignee(body.assignee);
      if (assignee && 'userId' in assignee) await this.requireAssignable(tx, assignee.userId, facts.unit_id);
      const priority = workOrderPriority({ road: facts.road, border: facts.border });
      const key = faultKey(body.stationId, cameraId);
      const id = await this.repo.insert(tx, {
        faultKey: key,
        stationId: body.stationId,
        cameraId,
        cause: body.cause ?? null,
        source: 'manual',
        alertId: null,
        priority,
        dueAt: body.dueAt === undefined ? now + WORK_ORDER_DUE_DAYS[priority] * DAY : body.dueAt,
        notes: body.notes ?? '',
        payer: facts.funding,
        assignee: assignee ?? null,
        beforeSnapshotId: await this.repo.latestSnapshot(tx, body.stationId, cameraId),
        openedAt: now,
        openedBy: actor.username,
      });
      if (id === null) {
        const open = await this.repo.openForFault(tx, key);
        throw new ConflictError(`work order ${open?.id ?? '?'} is already open for ${key}; one open order per fault`);
      }
      await this.repo.addEvent(tx, { orderId: id, at: now, from: null, to: assignee ? 'assigned' : 'new', by: actor.username, note: '' });
      await this.audit.record(
        {
          actor,
          action: 'work_order.create',
          targetKind: 'work_order',
          targetId: String(id),
          detail: { stationId: body.stationId, cameraId },
          ip,
        },
        tx,
      );
      return id;
    });
  }

  /** Edits fields; giving an assignee to a new (or reopened) order moves it to "assigned". */
  async update(actor: Actor, order: WorkOrderRow, body: UpdateWorkOrderBody, ip: string | null): Promise<void> {
    const now = this.now();
    await this.db.transaction(async (tx) => {
      if (body.assignToMe && body.assignee !== undefined)
        throw new WorkOrderInputError('body/assignToMe', 'give either assignee or assignToMe, not both');
      const patch: WorkOrderPatch = {
        assignee: body.assignToMe ? { userId: actor.userId } : toAssignee(body.assignee),
        dueAt: body.dueAt,
        notes: body.notes,
        priority: body.priority,
        costVnd: body.costVnd,
        payer: body.payer,
        beforeSnapshotId: body.beforeSnapshotId,
        afterSnapshotId: body.afterSnapshotId,
      };
      if (patch.assignee && 'userId' in patch.assignee) await this.requireAssignable(tx, patch.assignee.userId, order.unit_id);
      for (const [field, id] of [
        ['beforeSnapshotId', body.beforeSnapshotId],
        ['afterSnapshotId', body.afterSnapshotId],
      ] as const)
        if (typeof id === 'number' && !(await this.repo.snapshotBelongs(tx, id, order.station_id, order.camera_id)))
          throw new WorkOrderInputError(`body/${field}`, `snapshot ${id} is not a snapshot of ${order.camera_id ?? order.station_id}`);
      await this.repo.patch(tx, order.id, patch, now);
      if (patch.assignee && (order.state === 'new' || order.state === 'reopened'))
        await this.move(tx, order, 'assigned', actor.username, 'assigned', now);
      await this.audit.record(
        { actor, action: 'work_order.update', targetKind: 'work_order', targetId: String(order.id), detail: { ...body }, ip },
        tx,
      );
    });
  }

  /** A person moves an order; a move the rule table does not allow is refused with 409 and why. */
  async transition(actor: Actor, order: WorkOrderRow, to: WorkOrderState, note: string, ip: string | null): Promise<void> {
    if (!canTransition(order.state, to, 'user')) {
      const why = to === 'verified' ? '; the hub verifies an order itself once the camera has stayed ok' : '';
      throw new ConflictError(
        `work order ${order.id} cannot go from "${WORK_ORDER_STATE_LABELS[order.state].vi}" (${order.state}) to "${WORK_ORDER_STATE_LABELS[to].vi}" (${to})${why}`,
      );
    }
    if (to === 'assigned' && !order.assignee_user_id && !order.assignee_name)
      throw new WorkOrderInputError('body/to', 'give the order an assignee (a user or a contractor) before assigning it');
    const now = this.now();
    await this.db.transaction(async (tx) => {
      await this.move(tx, order, to, actor.username, note, now);
      await this.audit.record(
        {
          actor,
          action: 'work_order.transition',
          targetKind: 'work_order',
          targetId: String(order.id),
          detail: { from: order.state, to, note },
          ip,
        },
        tx,
      );
    });
  }

  /** The verification job: repaired orders whose camera has been ok for the policy's period become verified. */
  async verifyDue(now: number = this.now()): Promise<number> {
    return this.db.transaction(async (tx) => {
      // Several hubs run this job: the one holding the lock verifies, the others skip this turn.
      if (!(await this.repo.tryLock(tx))) return 0;
      let n = 0;
      for (const o of await this.repo.repairedAndOkSince(tx, now - this.policy.verifyAfterMs)) {
        const row = await this.repo.get(tx, o.id, { all: true });
        if (!row || row.state !== 'repaired') continue;
        const hours = Math.round(this.policy.verifyAfterMs / 3_600_000);
        await this.move(tx, row, 'verified', null, `ok for ${hours} h`, now, 'system');
        // The "after" picture: the newest snapshot, unless someone chose one.
        if (row.after_snapshot_id === null) {
          const after = await this.repo.latestSnapshot(tx, row.station_id, row.camera_id);
          if (after !== null) await this.repo.patch(tx, row.id, { afterSnapshotId: after }, now);
        }
        // Accepting the current view as the new reference is offered on the order's page (accept_reference): a person decides.
        n++;
      }
      return n;
    });
  }

  get(scopeDb: { scope: Parameters<WorkOrderRepository['get']>[2] }, id: number): Promise<WorkOrderRow | null> {
    return this.repo.get(this.db, id, scopeDb.scope);
  }

  list(scope: Parameters<WorkOrderRepository['list']>[1], filter: Parameters<WorkOrderRepository['list']>[2]): Promise<WorkOrderRow[]> {
    return this.repo.list(this.db, scope, filter);
  }

  /** Per-unit repair figures for the reports (see WorkOrderRepository.unitStats). */
  unitStats(unitIds: readonly string[], from: number, to: number, now: number) {
    return this.repo.unitStats(this.db, unitIds, from, to, now);
  }

  /** Per-station repair figures for groups of stations (see WorkOrderRepository.stationStats). */
  stationStats(stationIds: readonly string[], from: number, to: number) {
    return this.repo.stationStats(this.db, stationIds, from, to);
  }

  history(id: number) {
    return this.repo.history(this.db, id);
  }

  /** The people an order of `unitId` can be given to: users who may work on orders and whose area holds it. */
  async assignableUsers(unitId: string, db: Db = this.db): Promise<WorkOrderAssignableUser[]> {
    const rows = await this.repo.assignableUsers(db, unitId, PERMISSIONS['workorder.write'], PROVINCE_ROLES);
    return rows.map((r) => ({ userId: r.id, name: r.display_name, role: r.role as WorkOrderAssignableUser['role'] }));
  }

  private async requireAssignable(tx: Db, userId: string, unitId: string): Promise<void> {
    if ((await this.repo.userName(tx, userId)) === null) throw new WorkOrderInputError('body/assignee/userId', `no active user ${userId}`);
    if (!(await this.assignableUsers(unitId, tx)).some((u) => u.userId === userId))
      throw new WorkOrderInputError(
        'body/assignee/userId',
        `user ${userId} may not work on orders in ${unitId} (outside their area or role)`,
      );
  }

  private async move(
    tx: Db,
    order: WorkOrderRow,
    to: WorkOrderState,
    by: string | null,
    note: string,
    now: number,
    actor: 'user' | 'system' = by === null ? 'system' : 'user',
  ): Promise<void> {
    if (!canTransition(order.state, to, actor)) throw new ConflictError(`work order ${order.id}: ${order.state} → ${to} is not allowed`);
    if (!(await this.repo.setState(tx, order.id, order.state, to, now)))
      throw new ConflictError(`work order ${order.id} was changed by someone else; reload it`);
    await this.repo.addEvent(tx, { orderId: order.id, at: now, from: order.state, to, by, note });
  }
}
