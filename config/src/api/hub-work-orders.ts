import { Type, type Static } from '@sinclair/typebox';
import { CameraId, StationId, UnitId } from '../ids.ts';
import { FUNDING } from '../inventory/schema.ts';
import { WORK_ORDER_PRIORITIES, WORK_ORDER_STATES } from '../domain/work-order-rules.ts';
import { EpochMs, nullable, SnapshotRef, strictObject } from './dashboard-common.ts';
import { UserRoleValue } from './dashboard-auth.ts';

/** The contract of repair work orders (phiếu sửa chữa): GET/POST /api/work-orders and below. */
export const WorkOrderStateValue = Type.Union(WORK_ORDER_STATES.map((s) => Type.Literal(s)));
export const WorkOrderPriorityValue = Type.Union(WORK_ORDER_PRIORITIES.map((p) => Type.Literal(p)));
/** Who pays for a repair: a station's funding source (the default) or another. */
export const WORK_ORDER_PAYERS = FUNDING;
export const FundingValue = Type.Union(FUNDING.map((f) => Type.Literal(f)));

const Phone = Type.String({ minLength: 3, maxLength: 32, pattern: '^[0-9 +().-]*$' });
const Name = Type.String({ minLength: 1, maxLength: 128 });

/** Who does the repair: a user of the hub (police, technician) or an outside contractor with a phone. */
export const WorkOrderAssignee = Type.Union([
  Type.Object(
    { kind: Type.Literal('user'), userId: Type.String({ pattern: '^[0-9a-fA-F-]{36}$' }), name: Type.Optional(Type.String()) },
    strictObject,
  ),
  Type.Object({ kind: Type.Literal('contractor'), name: Name, phone: Phone }, strictObject),
]);
export type WorkOrderAssignee = Static<typeof WorkOrderAssignee>;

/** Someone an order can be given to: GET /api/work-orders/{id}/assignees. */
export const WorkOrderAssignableUser = Type.Object(
  { userId: Type.String({ pattern: '^[0-9a-fA-F-]{36}$' }), name: Type.String(), role: UserRoleValue },
  strictObject,
);
export type WorkOrderAssignableUser = Static<typeof WorkOrderAssignableUser>;
export const WorkOrderAssignableUsers = Type.Object({ items: Type.Array(WorkOrderAssignableUser) }, strictObject);
export type WorkOrderAssignableUsers = Static<typeof WorkOrderAssignableUsers>;

export const WorkOrderEvent = Type.Object(
  {
    at: EpochMs,
    from: nullable(WorkOrderStateValue),
    to: WorkOrderStateValue,
    /** Username, or null for the hub itself (auto-open, verification, reopening). */
    by: nullable(Type.String()),
    note: Type.String(),
  },
  strictObject,
);
export type WorkOrderEvent = Static<typeof WorkOrderEvent>;

export const WorkOrder = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    stationId: StationId,
    stationName: Type.String(),
    cameraId: nullable(CameraId),
    unitId: UnitId,
    unitName: Type.String(),
    /** The camera's cause code (e.g. `unreachable`, `covered`) or `station_offline`; free text for a hand-opened order. */
    cause: nullable(Type.String({ maxLength: 256 })),
    source: Type.Union([Type.Literal('alert'), Type.Literal('manual')]),
    alertId: nullable(Type.Integer()),
    state: WorkOrderStateValue,
    priority: WorkOrderPriorityValue,
    assignee: nullable(WorkOrderAssignee),
    dueAt: nullable(EpochMs),
    overdue: Type.Boolean(),
    notes: Type.String({ maxLength: 4000 }),
    costVnd: nullable(Type.Integer({ minimum: 0 })),
    payer: FundingValue,
    beforeSnapshotId: nullable(Type.Integer()),
    afterSnapshotId: nullable(Type.Integer()),
    beforeSnapshot: nullable(SnapshotRef),
    afterSnapshot: nullable(SnapshotRef),
    openedAt: EpochMs,
    updatedAt: EpochMs,
    repairedAt: nullable(EpochMs),
    verifiedAt: nullable(EpochMs),
    reopenCount: Type.Integer({ minimum: 0 }),
    openedBy: nullable(Type.String()),
    /** The states the caller may move it to now (from the rule table and the caller's role). */
    nextStates: Type.Array(WorkOrderStateValue),
    history: Type.Optional(Type.Array(WorkOrderEvent)),
  },
  strictObject,
);
export type WorkOrder = Static<typeof WorkOrder>;

export const WorkOrderList = Type.Object({ items: Type.Array(WorkOrder) }, strictObject);
export type WorkOrderList = Static<typeof WorkOrderList>;

const Notes = Type.String({ maxLength: 4000 });
const SnapshotIdValue = nullable(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }));

export const CreateWorkOrderBody = Type.Object(
  {
    stationId: StationId,
    cameraId: Type.Optional(nullable(CameraId)),
    cause: Type.Optional(nullable(Type.String({ maxLength: 256 }))),
    notes: Type.Optional(Notes),
    dueAt: Type.Optional(nullable(EpochMs)),
    assignee: Type.Optional(nullable(WorkOrderAssignee)),
  },
  strictObject,
);
export type CreateWorkOrderBody = Static<typeof CreateWorkOrderBody>;

/** Fields a person edits; state changes go through transitions. Absent fields are left as they are. */
export const UpdateWorkOrderBody = Type.Object(
  {
    assignee: Type.Optional(nullable(WorkOrderAssignee)),
    /** The caller takes the order (the dashboard's "assign to me"; it does not know user ids). */
    assignToMe: Type.Optional(Type.Literal(true)),
    dueAt: Type.Optional(nullable(EpochMs)),
    notes: Type.Optional(Notes),
    priority: Type.Optional(WorkOrderPriorityValue),
    costVnd: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 1e12 }))),
    payer: Type.Optional(FundingValue),
    beforeSnapshotId: Type.Optional(SnapshotIdValue),
    afterSnapshotId: Type.Optional(SnapshotIdValue),
  },
  strictObject,
);
export type UpdateWorkOrderBody = Static<typeof UpdateWorkOrderBody>;

export const WorkOrderTransitionBody = Type.Object(
  { to: WorkOrderStateValue, note: Type.Optional(Type.String({ maxLength: 1000 })) },
  strictObject,
);
export type WorkOrderTransitionBody = Static<typeof WorkOrderTransitionBody>;

export const WorkOrderIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, strictObject);

/** `mine`: assigned to me; `overdue`: open and past its due date; `unitId`: that unit and below; `state`: `open` (default), `all` or one state. */
export const WorkOrderListQuery = Type.Object(
  {
    mine: Type.Optional(Type.Boolean()),
    overdue: Type.Optional(Type.Boolean()),
    unitId: Type.Optional(UnitId),
    state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all'), WorkOrderStateValue])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
  },
  strictObject,
);
export type WorkOrderListQuery = Static<typeof WorkOrderListQuery>;

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'yyyy-MM-dd, Asia/Ho_Chi_Minh' });

/** GET /api/reports/work-orders: one unit (default: the top of my area) and each unit directly below it. */
export const WorkOrderReportQuery = Type.Object(
  { from: LocalDate, to: LocalDate, unitId: Type.Optional(UnitId) },
  { ...strictObject, description: 'from..to inclusive' },
);
export type WorkOrderReportQuery = Static<typeof WorkOrderReportQuery>;

export const WorkOrderReportRow = Type.Object(
  {
    unitId: UnitId,
    unitName: Type.String(),
    /** Orders opened in the range. */
    opened: Type.Integer({ minimum: 0 }),
    /** Orders verified in the range. */
    verified: Type.Integer({ minimum: 0 }),
    /** Mean time to repair of the orders verified in the range: opened → repaired (the repair the hub then verified). */
    mttrMs: nullable(Type.Integer({ minimum: 0 })),
    /** Open orders past their due date now. */
    overdue: Type.Integer({ minimum: 0 }),
  },
  strictObject,
);
export type WorkOrderReportRow = Static<typeof WorkOrderReportRow>;

export const WorkOrderReport = Type.Object(
  { from: LocalDate, to: LocalDate, total: WorkOrderReportRow, rows: Type.Array(WorkOrderReportRow) },
  strictObject,
);
export type WorkOrderReport = Static<typeof WorkOrderReport>;
