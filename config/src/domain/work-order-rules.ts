import type { AlertRuleId } from '../api/hub-alerts.ts';
import { CAUSE_LABELS, capitalized, type Bilingual } from './cause-labels.ts';

/**
 * Repair work orders (phiếu sửa chữa): states, who may move an order from one to another, and
 * its priority. One definition read by the hub (which enforces it) and the dashboard (which
 * offers only the moves the table allows).
 */
export const WORK_ORDER_STATES = ['new', 'assigned', 'in_progress', 'repaired', 'verified', 'reopened', 'cancelled'] as const;
export type WorkOrderState = (typeof WORK_ORDER_STATES)[number];

/** States in which an order still holds its fault: at most one such order per fault (a partial unique index enforces it). */
export const WORK_ORDER_OPEN_STATES: readonly WorkOrderState[] = ['new', 'assigned', 'in_progress', 'repaired', 'reopened'];

export const WORK_ORDER_STATE_LABELS: { readonly [S in WorkOrderState]: Bilingual } = {
  new: { vi: 'Mới', en: 'New' },
  assigned: { vi: 'Đã giao', en: 'Assigned' },
  in_progress: { vi: 'Đang sửa', en: 'In repair' },
  repaired: { vi: 'Đã sửa', en: 'Repaired' },
  verified: { vi: 'Đã xác minh', en: 'Verified' },
  reopened: { vi: 'Mở lại', en: 'Reopened' },
  cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
};

/** `user`: a person through the API; `system`: the hub (auto-open, verification, reopening). */
export type WorkOrderActor = 'user' | 'system';

/**
 * Every allowed move and who may make it. Verification is the hub's alone: "repaired" is a
 * claim, "verified" is the camera having been ok for the verification period. A person may
 * reopen an order the hub verified (the fault came back in a way the hub cannot see, e.g. a
 * camera turned away), and the hub reopens it when the same fault returns. Cancelling is for an
 * order opened by mistake; a repaired order is not cancelled, it is verified or reopened.
 */
export const WORK_ORDER_TRANSITIONS: readonly { from: WorkOrderState; to: WorkOrderState; by: readonly WorkOrderActor[] }[] = [
  { from: 'new', to: 'assigned', by: ['user'] },
  { from: 'new', to: 'in_progress', by: ['user'] },
  { from: 'new', to: 'cancelled', by: ['user'] },
  { from: 'assigned', to: 'in_progress', by: ['user'] },
  { from: 'assigned', to: 'repaired', by: ['user'] },
  { from: 'assigned', to: 'cancelled', by: ['user'] },
  { from: 'in_progress', to: 'repaired', by: ['user'] },
  { from: 'in_progress', to: 'assigned', by: ['user'] },
  { from: 'repaired', to: 'verified', by: ['system'] },
  { from: 'repaired', to: 'reopened', by: ['user', 'system'] },
  { from: 'verified', to: 'reopened', by: ['user', 'system'] },
  { from: 'reopened', to: 'assigned', by: ['user'] },
  { from: 'reopened', to: 'in_progress', by: ['user'] },
  { from: 'reopened', to: 'repaired', by: ['user'] },
  { from: 'reopened', to: 'cancelled', by: ['user'] },
];

export function canTransition(from: WorkOrderState, to: WorkOrderState, by: WorkOrderActor): boolean {
  return WORK_ORDER_TRANSITIONS.some((t) => t.from === from && t.to === to && t.by.includes(by));
}

/** The states a person may move an order to from `from` (the dashboard's buttons). */
export function nextStatesFor(from: WorkOrderState, by: WorkOrderActor = 'user'): WorkOrderState[] {
  return WORK_ORDER_TRANSITIONS.filter((t) => t.from === from && t.by.includes(by)).map((t) => t.to);
}

export const WORK_ORDER_PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type WorkOrderPriority = (typeof WORK_ORDER_PRIORITIES)[number];
export const WORK_ORDER_PRIORITY_LABELS: { readonly [P in WorkOrderPriority]: Bilingual } = {
  normal: { vi: 'Thường', en: 'Normal' },
  high: { vi: 'Cao', en: 'High' },
  urgent: { vi: 'Khẩn', en: 'Urgent' },
};

/** The national roads the programme names as priority areas. */
export const PRIORITY_ROADS = ['QL1', 'N2', 'QL50', 'QL62'] as const;

export type PriorityRoad = (typeof PRIORITY_ROADS)[number];

/** "QL 1", "ql1a", "Quốc lộ 1": station roads are typed by hand, so compare on a normalised form. */
export function priorityRoadOf(road: string | null | undefined): PriorityRoad | null {
  if (!road) return null;
  const r = road
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toUpperCase()
    .replace(/QUOC LO\s*/g, 'QL')
    .replace(/[\s.-]/g, '');
  // QL1A is the usual name of QL1 itself; QL10 or QL500 are other roads.
  return PRIORITY_ROADS.find((p) => r === p || (p === 'QL1' && r === 'QL1A')) ?? null;
}

export function isPriorityRoad(road: string | null | undefined): boolean {
  return priorityRoadOf(road) !== null;
}

/** Normal; high on a priority road or in a border commune; urgent when both. */
export function workOrderPriority(s: { road: string | null | undefined; border: boolean }): WorkOrderPriority {
  const n = (isPriorityRoad(s.road) ? 1 : 0) + (s.border ? 1 : 0);
  return WORK_ORDER_PRIORITIES[n]!;
}

/** Days to the due date of a new order by priority (the assigner may set another). */
export const WORK_ORDER_DUE_DAYS: { readonly [P in WorkOrderPriority]: number } = { normal: 7, high: 3, urgent: 1 };

/**
 * Defaults of the verification job: a repaired camera (or station) must have been ok this long
 * before the order counts as verified, and a fault returning within this long of verification
 * reopens the order instead of opening a new one.
 */
export const WORK_ORDER_VERIFY_AFTER_HOURS = 24;
export const WORK_ORDER_REOPEN_WITHIN_DAYS = 14;

/**
 * Alerts that open (or reopen) a work order when they open, and the cause the order records
 * when the alert carries none. Station health (disk, clock, agent version) is not a repair visit.
 */
export const WORK_ORDER_ALERT_CAUSES: { readonly [R in AlertRuleId]?: string } = {
  station_offline: 'station_offline',
  camera_down: 'down',
  picture_frozen: 'frozen',
  picture_black: 'black',
  picture_covered: 'covered',
  view_changed: 'view_changed',
};

/** What an order repairs: one camera, or a whole station (dark station: one visit). */
export const faultKey = (stationId: string, cameraId: string | null): string => (cameraId ? `camera:${cameraId}` : `station:${stationId}`);

/** Causes an order records that are not camera causes: a dark station, a camera down without a finer cause. */
const ORDER_ONLY_CAUSES: Readonly<Record<string, Bilingual>> = {
  station_offline: { vi: 'trạm mất kết nối', en: 'station offline' },
  down: { vi: 'camera không hoạt động', en: 'camera down' },
};

/**
 * An order's cause as people read it (list cell, printed order, CSV): a cause code in words,
 * capitalised; a cause typed by hand as written; nothing as an empty string.
 */
export function workOrderCauseText(cause: string | null, lang: keyof Bilingual): string {
  if (!cause) return '';
  const label = (CAUSE_LABELS as Readonly<Record<string, Bilingual>>)[cause] ?? ORDER_ONLY_CAUSES[cause];
  return label ? capitalized(label[lang]) : cause;
}
