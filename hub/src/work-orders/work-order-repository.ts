import { WORK_ORDER_OPEN_STATES, type WorkOrderPriority, type WorkOrderState } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { scopeCondition, type Scope } from '../auth/scope.ts';

export interface WorkOrderRow {
  id: number;
  fault_key: string;
  station_id: string;
  station_name: string;
  camera_id: string | null;
  unit_id: string;
  unit_name: string;
  cause: string | null;
  source: 'alert' | 'manual';
  alert_id: number | null;
  state: WorkOrderState;
  priority: WorkOrderPriority;
  assignee_user_id: string | null;
  assignee_user_name: string | null;
  assignee_name: string | null;
  assignee_phone: string | null;
  due_at: Date | null;
  notes: string;
  cost_vnd: number | null;
  payer: string;
  before_snapshot_id: number | null;
  after_snapshot_id: number | null;
  opened_at: Date;
  updated_at: Date;
  repaired_at: Date | null;
  verified_at: Date | null;
  reopen_count: number;
  opened_by: string | null;
}

const OPEN = WORK_ORDER_OPEN_STATES.map((s) => `'${s}'`).join(', ');
const SELECT = `SELECT w.id::int AS id, w.fault_key, w.station_id, s.name AS station_name, w.camera_id, s.unit_id, u.name AS unit_name, w.cause, w.source,
  w.alert_id::int AS alert_id, w.state, w.priority, w.assignee_user_id, au.display_name AS assignee_user_name, w.assignee_name, w.assignee_phone,
  w.due_at, w.notes, w.cost_vnd::float8 AS cost_vnd, w.payer, w.before_snapshot_id::int AS before_snapshot_id, w.after_snapshot_id::int AS after_snapshot_id,
  w.opened_at, w.updated_at, w.repaired_at, w.verified_at, w.reopen_count, w.opened_by
  FROM work_orders w JOIN stations s ON s.id = w.station_id JOIN units u ON u.id = s.unit_id LEFT JOIN users au ON au.id = w.assignee_user_id`;

export interface NewWorkOrder {
  faultKey: string;
  stationId: string;
  cameraId: string | null;
  cause: string | null;
  source: 'alert' | 'manual';
  alertId: number | null;
  priority: WorkOrderPriority;
  dueAt: number | null;
  notes: string;
  payer: string;
  assignee: { userId: string } | { name: string; phone: string } | null;
  beforeSnapshotId: number | null;
  openedAt: number;
  openedBy: string | null;
}

export interface WorkOrderFilter {
  assigneeUserId?: string;
  overdueAt?: number;
  unitIds?: readonly string[];
  states?: readonly WorkOrderState[];
  limit: number;
}

/** A field change; `undefined` leaves the column as it is. */
export interface WorkOrderPatch {
  assignee?: { userId: string } | { name: string; phone: string } | null;
  dueAt?: number | null;
  notes?: string;
  priority?: WorkOrderPriority;
  costVnd?: number | null;
  payer?: string;
  beforeSnapshotId?: number | null;
  afterSnapshotId?: number | null;
}

/** The `work_orders` and `work_order_events` tables. Stateless: every method takes the `Db` (or transaction) to speak through. */
export class WorkOrderRepository {
  /** Inserts an order unless its fault already has an open one (the partial unique index decides); returns the new id or null. */
  async insert(db: Db, o: NewWorkOrder): Promise<number | null> {
    const a = o.assignee;
    const r = await db.query<{ id: number }>(
      `INSERT INTO work_orders (fault_key, station_id, camera_id, cause, source, alert_id, state, priority, due_at, notes, payer,
         assignee_user_id, assignee_name, assignee_phone, before_snapshot_id, opened_at, updated_at, opened_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17)
       ON CONFLICT (fault_key) WHERE state IN (${OPEN}) DO NOTHING RETURNING id::int AS id`,
      [
        o.faultKey,
        o.stationId,
        o.cameraId,
        o.cause,
        o.source,
        o.alertId,
        a ? 'assigned' : 'new',
        o.priority,
        o.dueAt === null ? null : new Date(o.dueAt),
        o.notes,
        o.payer,
        a && 'userId' in a ? a.userId : null,
        a && 'name' in a ? a.name : null,
        a && 'phone' in a ? a.phone : null,
        o.beforeSnapshotId,
        new Date(o.openedAt),
        o.openedBy,
      ],
    );
    return r.rows[0]?.id ?? null;
  }

  async openForFault(db: Db, faultKey: string): Promise<WorkOrderRow | null> {
    const r = await db.query<WorkOrderRow>(`${SELECT} WHERE w.fault_key = $1 AND w.state IN (${OPEN})`, [faultKey]);
    return r.rows[0] ?? null;
  }

  /** The fault's order verified at or after `since`, newest first: the one a returning fault reopens. */
  async verifiedSince(db: Db, faultKey: string, since: number): Promise<WorkOrderRow | null> {
    const r = await db.query<WorkOrderRow>(
      `${SELECT} WHERE w.fault_key = $1 AND w.state = 'verified' AND w.verified_at >= $2 ORDER BY w.verified_at DESC LIMIT 1`,
      [faultKey, new Date(since)],
    );
    return r.rows[0] ?? null;
  }

  async get(db: Db, id: number, scope: Scope): Promise<WorkOrderRow | null> {
    const params: unknown[] = [id];
    const r = await db.query<WorkOrderRow>(`${SELECT} WHERE w.id = $1 AND ${scopeCondition(scope, 's.unit_id', params)}`, params);
    return r.rows[0] ?? null;
  }

  async list(db: Db, scope: Scope, f: WorkOrderFilter): Promise<WorkOrderRow[]> {
    const params: unknown[] = [];
    const where = [scopeCondition(scope, 's.unit_id', params)];
    if (f.states) where.push(`w.state = ANY($${params.push(f.states)}::text[])`);
    if (f.assigneeUserId) where.push(`w.assignee_user_id = $${params.push(f.assigneeUserId)}`);
    if (f.overdueAt !== undefined)
      where.push(`w.state IN (${OPEN}) AND w.state <> 'repaired' AND w.due_at < $${params.push(new Date(f.overdueAt))}`);
    if (f.unitIds) where.push(`s.unit_id = ANY($${params.push(f.unitIds)}::text[])`);
    params.push(f.limit);
    const r = await db.query<WorkOrderRow>(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY w.opened_at DESC, w.id DESC LIMIT $${params.length}`,
      params,
    );
    return r.rows;
  }

  /**
   * Moves an order from `from` to `to` when it is still in `from` (two people clicking at once:
   * the second finds it moved). Stamps repaired_at / verified_at; reopening counts and clears them.
   */
  async setState(db: Db, id: number, from: WorkOrderState, to: WorkOrderState, at: number): Promise<boolean> {
    const r = await db.query(
      `UPDATE work_orders SET state = $3, updated_at = $4,
         repaired_at = CASE WHEN $3 = 'repaired' THEN $4 WHEN $3 = 'reopened' THEN NULL ELSE repaired_at END,
         verified_at = CASE WHEN $3 = 'verified' THEN $4 WHEN $3 = 'reopened' THEN NULL ELSE verified_at END,
         reopen_count = reopen_count + CASE WHEN $3 = 'reopened' THEN 1 ELSE 0 END
       WHERE id = $1 AND state = $2`,
      [id, from, to, new Date(at)],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async patch(db: Db, id: number, p: WorkOrderPatch, at: number): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id, new Date(at)];
    const set = (col: string, v: unknown) => sets.push(`${col} = $${params.push(v)}`);
    if (p.assignee !== undefined) {
      const a = p.assignee;
      set('assignee_user_id', a && 'userId' in a ? a.userId : null);
      set('assignee_name', a && 'name' in a ? a.name : null);
      set('assignee_phone', a && 'phone' in a ? a.phone : null);
    }
    if (p.dueAt !== undefined) set('due_at', p.dueAt === null ? null : new Date(p.dueAt));
    if (p.notes !== undefined) set('notes', p.notes);
    if (p.priority !== undefined) set('priority', p.priority);
    if (p.costVnd !== undefined) set('cost_vnd', p.costVnd);
    if (p.payer !== undefined) set('payer', p.payer);
    if (p.beforeSnapshotId !== undefined) set('before_snapshot_id', p.beforeSnapshotId);
    if (p.afterSnapshotId !== undefined) set('after_snapshot_id', p.afterSnapshotId);
    await db.query(`UPDATE work_orders SET updated_at = $2${sets.map((s) => `, ${s}`).join('')} WHERE id = $1`, params);
  }

  async addEvent(
    db: Db,
    e: { orderId: number; at: number; from: WorkOrderState | null; to: WorkOrderState; by: string | null; note: string },
  ): Promise<void> {
    await db.query(
      'INSERT INTO work_order_events (order_id, at, from_state, to_state, by_username, note) VALUES ($1, $2, $3, $4, $5, $6)',
      [e.orderId, new Date(e.at), e.from, e.to, e.by, e.note],
    );
  }

  async history(
    db: Db,
    id: number,
  ): Promise<{ at: Date; from_state: WorkOrderState | null; to_state: WorkOrderState; by_username: string | null; note: string }[]> {
    const r = await db.query<{
      at: Date;
      from_state: WorkOrderState | null;
      to_state: WorkOrderState;
      by_username: string | null;
      note: string;
    }>('SELECT at, from_state, to_state, by_username, note FROM work_order_events WHERE order_id = $1 ORDER BY at, id', [id]);
    return r.rows;
  }

  /** What priority and payer are derived from: the station's road, unit border flag and funding. */
  async stationFacts(
    db: Db,
    stationId: string,
  ): Promise<{ unit_id: string; road: string | null; funding: string; border: boolean } | null> {
    const r = await db.query<{ unit_id: string; road: string | null; funding: string; border: boolean }>(
      'SELECT s.unit_id, s.road, s.funding, u.border FROM stations s JOIN units u ON u.id = s.unit_id WHERE s.id = $1',
      [stationId],
    );
    return r.rows[0] ?? null;
  }

  /** True when snapshot `id` exists and was taken by a camera of `stationId` (and of `cameraId` when given). */
  async snapshotBelongs(db: Db, id: number, stationId: string, cameraId: string | null): Promise<boolean> {
    const r = await db.query('SELECT 1 FROM snapshots WHERE id = $1 AND station_id = $2 AND ($3::text IS NULL OR camera_id = $3)', [
      id,
      stationId,
      cameraId,
    ]);
    return (r.rowCount ?? 0) > 0;
  }

  /** The last snapshot of the camera (or of any camera of the station) taken before `ts`: the "before" picture of an order. */
  async lastSnapshotBefore(db: Db, stationId: string, cameraId: string | null, ts: number): Promise<number | null> {
    const r = await db.query<{ id: number }>(
      `SELECT id::int AS id FROM snapshots WHERE station_id = $1 AND ($2::text IS NULL OR camera_id = $2) AND ts < $3 ORDER BY ts DESC LIMIT 1`,
      [stationId, cameraId, new Date(ts)],
    );
    return r.rows[0]?.id ?? null;
  }

  async latestSnapshot(db: Db, stationId: string, cameraId: string | null): Promise<number | null> {
    return this.lastSnapshotBefore(db, stationId, cameraId, 8.64e15);
  }

  /** The transaction-scoped lock of the verification job; false when another hub holds it now. */
  async tryLock(tx: Db): Promise<boolean> {
    const r = await tx.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('work_orders:verify')) AS ok");
    return r.rows[0]?.ok === true;
  }

  /**
   * Runs `fn` inside a savepoint of the caller's transaction: when it fails, its writes are
   * undone and the error is rethrown, while the caller's own writes (the alert pass) stay.
   */
  async inSavepoint<T>(tx: Db, fn: () => Promise<T>): Promise<T> {
    await tx.query('SAVEPOINT work_order');
    try {
      const out = await fn();
      await tx.query('RELEASE SAVEPOINT work_order');
      return out;
    } catch (err) {
      await tx.query('ROLLBACK TO SAVEPOINT work_order');
      throw err;
    }
  }

  /** The alert behind an "opened" change: what the order needs to know about its fault. */
  async alertFault(
    db: Db,
    alertId: number,
  ): Promise<{ rule: string; station_id: string; camera_id: string | null; cause: string | null; since: Date } | null> {
    const r = await db.query<{ rule: string; station_id: string; camera_id: string | null; cause: string | null; since: Date }>(
      // Repair work is the programme's: a collector (police equipment outside the programme's stations)
      // and an owner's recorder behind a private camera's alert are not its technicians' work.
      `SELECT a.rule, a.station_id, a.camera_id, a.params->>'cause' AS cause, a.condition_since AS since FROM alerts a
       WHERE a.id = $1 AND a.private_camera_id IS NULL AND NOT EXISTS (SELECT 1 FROM stations s WHERE s.id = a.station_id AND s.type <> 'programme')`,
      [alertId],
    );
    return r.rows[0] ?? null;
  }

  /**
   * Repaired orders whose camera (or station) has been ok since at least `okSince`, counting ok
   * time only after the order was opened (an ok camera before the fault proves no repair).
   */
  async repairedAndOkSince(db: Db, okSince: number): Promise<{ id: number; station_id: string; camera_id: string | null }[]> {
    const r = await db.query<{ id: number; station_id: string; camera_id: string | null }>(
      `SELECT w.id::int AS id, w.station_id, w.camera_id FROM work_orders w
       LEFT JOIN camera_status_intervals ci ON w.camera_id IS NOT NULL AND ci.camera_id = w.camera_id AND ci.ended_at IS NULL
       LEFT JOIN station_status_intervals si ON si.station_id = w.station_id AND si.ended_at IS NULL
       WHERE w.state = 'repaired'
         AND si.status = 'online' AND greatest(si.started_at, w.opened_at) <= $1
         AND (w.camera_id IS NULL OR (ci.status = 'ok' AND greatest(ci.started_at, w.opened_at) <= $1))`,
      [new Date(okSince)],
    );
    return r.rows;
  }

  /**
   * Repair figures per unit, rolled up the unit tree (any depth): for each of `unitIds`, orders of
   * stations in it or below it opened and verified in [from, to), the mean time from opening to
   * the repair the hub verified, and open orders past their due date at `now`.
   */
  async unitStats(
    db: Db,
    unitIds: readonly string[],
    from: number,
    to: number,
    now: number,
  ): Promise<Map<string, { opened: number; verified: number; mttr_ms: number | null; overdue: number }>> {
    const r = await db.query<{ unit_id: string; opened: number; verified: number; mttr_ms: number | null; overdue: number }>(
      `WITH RECURSIVE tree AS (
         SELECT id, id AS top FROM units WHERE id = ANY($1::text[])
         UNION ALL SELECT u.id, t.top FROM units u JOIN tree t ON u.parent_id = t.id)
       SELECT t.top AS unit_id,
         count(*) FILTER (WHERE w.opened_at >= $2 AND w.opened_at < $3)::int AS opened,
         count(*) FILTER (WHERE w.state = 'verified' AND w.verified_at >= $2 AND w.verified_at < $3)::int AS verified,
         round(avg(greatest(0, extract(epoch FROM w.repaired_at - w.opened_at)) * 1000)
           FILTER (WHERE w.state = 'verified' AND w.verified_at >= $2 AND w.verified_at < $3))::float8 AS mttr_ms,
         count(*) FILTER (WHERE w.state IN ('new', 'assigned', 'in_progress', 'reopened') AND w.due_at < $4)::int AS overdue
       FROM tree t JOIN stations s ON s.unit_id = t.id JOIN work_orders w ON w.station_id = s.id
       GROUP BY t.top`,
      [unitIds, new Date(from), new Date(to), new Date(now)],
    );
    return new Map(r.rows.map((x) => [x.unit_id, x]));
  }

  /**
   * The same figures per station, summed by the caller into groups that are not units (a road,
   * the border units): repair time as a sum and a count so group means stay exact.
   */
  async stationStats(
    db: Db,
    stationIds: readonly string[],
    from: number,
    to: number,
  ): Promise<Map<string, { opened: number; verified: number; repair_ms_sum: number }>> {
    const r = await db.query<{ station_id: string; opened: number; verified: number; repair_ms_sum: number }>(
      `SELECT w.station_id,
         count(*) FILTER (WHERE w.opened_at >= $2 AND w.opened_at < $3)::int AS opened,
         count(*) FILTER (WHERE w.state = 'verified' AND w.verified_at >= $2 AND w.verified_at < $3)::int AS verified,
         coalesce(sum(greatest(0, extract(epoch FROM w.repaired_at - w.opened_at)) * 1000)
           FILTER (WHERE w.state = 'verified' AND w.verified_at >= $2 AND w.verified_at < $3), 0)::float8 AS repair_ms_sum
       FROM work_orders w WHERE w.station_id = ANY($1::text[])
       GROUP BY w.station_id`,
      [stationIds, new Date(from), new Date(to)],
    );
    return new Map(r.rows.map((x) => [x.station_id, x]));
  }

  /** Is the user (by id) active? Assignees must be. */
  /**
   * Active users of `roles` whose area holds `unitId`: assigned to the unit or one above it, or a
   * province role with no unit (the whole province). Someone outside the area could not even
   * open the order, so they are not offered and cannot be given it.
   */
  async assignableUsers(
    db: Db,
    unitId: string,
    roles: readonly string[],
    provinceRoles: readonly string[],
  ): Promise<{ id: string; display_name: string; role: string }[]> {
    const r = await db.query<{ id: string; display_name: string; role: string }>(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id FROM units WHERE id = $1
         UNION SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id)
       SELECT u.id, u.display_name, u.role::text AS role FROM users u
        WHERE NOT u.disabled AND u.role::text = ANY($2::text[])
          AND (EXISTS (SELECT 1 FROM user_units uu WHERE uu.user_id = u.id AND uu.unit_id IN (SELECT id FROM up))
               OR (u.role::text = ANY($3::text[]) AND NOT EXISTS (SELECT 1 FROM user_units uu WHERE uu.user_id = u.id)))
        ORDER BY u.display_name, u.id`,
      [unitId, roles, provinceRoles],
    );
    return r.rows;
  }

  async userName(db: Db, userId: string): Promise<string | null> {
    const r = await db.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1 AND NOT disabled', [userId]);
    return r.rows[0]?.display_name ?? null;
  }
}
