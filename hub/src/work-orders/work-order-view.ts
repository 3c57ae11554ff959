import { nextStatesFor, type WorkOrder, type WorkOrderState } from '@camwatch/config';
import type { Principal } from '../auth/auth-service.ts';
import type { SnapshotRefService } from '../snapshots/snapshot-ref-service.ts';
import type { WorkOrderRow } from './work-order-repository.ts';

/** Open and past its due date. A repaired order waiting for verification is the hub's to finish, not late. */
export function isOverdue(row: { state: WorkOrderState; due_at: Date | null }, now: number): boolean {
  return row.due_at !== null && row.due_at.getTime() < now && ['new', 'assigned', 'in_progress', 'reopened'].includes(row.state);
}

/** A row as the caller sees it: snapshot URLs signed for them and the moves their role allows. */
export async function toWorkOrder(
  row: WorkOrderRow,
  p: Principal,
  snapshots: Pick<SnapshotRefService, 'byId'>,
  now: number,
): Promise<WorkOrder> {
  const ref = async (id: number | null) => (id === null ? null : snapshots.byId(id, p.userId));
  const assignee: WorkOrder['assignee'] = row.assignee_user_id
    ? { kind: 'user', userId: row.assignee_user_id, name: row.assignee_user_name ?? '' }
    : row.assignee_name && row.assignee_phone
      ? { kind: 'contractor', name: row.assignee_name, phone: row.assignee_phone }
      : null;
  return {
    id: row.id,
    stationId: row.station_id,
    stationName: row.station_name,
    cameraId: row.camera_id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    cause: row.cause,
    source: row.source,
    alertId: row.alert_id,
    state: row.state,
    priority: row.priority,
    assignee,
    dueAt: row.due_at?.getTime() ?? null,
    overdue: isOverdue(row, now),
    notes: row.notes,
    costVnd: row.cost_vnd,
    payer: row.payer as WorkOrder['payer'],
    beforeSnapshotId: row.before_snapshot_id,
    afterSnapshotId: row.after_snapshot_id,
    beforeSnapshot: await ref(row.before_snapshot_id),
    afterSnapshot: await ref(row.after_snapshot_id),
    openedAt: row.opened_at.getTime(),
    updatedAt: row.updated_at.getTime(),
    repairedAt: row.repaired_at?.getTime() ?? null,
    verifiedAt: row.verified_at?.getTime() ?? null,
    reopenCount: row.reopen_count,
    openedBy: row.opened_by,
    nextStates: p.permissions.has('workorder.write') ? nextStatesFor(row.state, 'user') : [],
  };
}
