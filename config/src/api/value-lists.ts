import { CAMERA_CAUSES, COMMAND_KINDS, type CameraCause, type CommandKind } from '../mqtt/message-values.ts';
import type { Permission } from './permissions.ts';

/*
 * The value lists and codes of the HTTP contract, as plain constants (no TypeBox): the schemas
 * in the modules beside this one are built from them and re-export them, and the dashboard's map
 * reads them without pulling the schema library into the bundle a phone downloads first.
 */

/** Camera status as the hub knows it: the agent's three plus `unknown` (station offline or never reported). */
export const CAMERA_MAP_STATUSES = ['ok', 'degraded', 'down', 'unknown'] as const;
export type CameraMapStatus = (typeof CAMERA_MAP_STATUSES)[number];
/** Station liveness: `never` = in the inventory but no message ever received. */
export const STATION_LIVENESS = ['online', 'offline', 'never'] as const;
export type StationLiveness = (typeof STATION_LIVENESS)[number];

/** Code of a cause in the map payload: its index in CAMERA_CAUSES, -1 for none. */
export function causeCode(cause: CameraCause | null): number {
  return cause === null ? -1 : CAMERA_CAUSES.indexOf(cause);
}

export function causeFromCode(code: number): CameraCause | null {
  return CAMERA_CAUSES[code] ?? null;
}

/** The rules the hub evaluates; each alert names one of these. */
export const ALERT_RULES = [
  'station_offline',
  'camera_down',
  'picture_frozen',
  'picture_black',
  'picture_covered',
  'view_changed',
  'disk_full',
  'clock_skew',
  'agent_outdated',
  'byte_budget',
] as const;
export type AlertRuleId = (typeof ALERT_RULES)[number];

export const ALERT_RULE_LABELS: Record<AlertRuleId, { vi: string; en: string }> = {
  station_offline: { vi: 'Trạm mất kết nối', en: 'Station offline' },
  camera_down: { vi: 'Camera không hoạt động', en: 'Camera down' },
  picture_frozen: { vi: 'Hình ảnh bị đứng', en: 'Picture frozen' },
  picture_black: { vi: 'Hình ảnh bị đen', en: 'Picture black' },
  picture_covered: { vi: 'Ống kính bị che', en: 'Lens covered' },
  view_changed: { vi: 'Camera bị xoay hướng', en: 'View changed' },
  disk_full: { vi: 'Ổ đĩa trạm sắp đầy', en: 'Station disk full' },
  clock_skew: { vi: 'Đồng hồ trạm lệch giờ', en: 'Station clock skew' },
  agent_outdated: { vi: 'Phần mềm trạm đã cũ', en: 'Agent out of date' },
  byte_budget: { vi: 'Trạm sắp hết dung lượng 4G trong ngày', en: 'Station running out of its daily data budget' },
};

export const TIMELINE_RANGES = ['24h', '7d', '30d'] as const;
export type TimelineRange = (typeof TIMELINE_RANGES)[number];

/** What a person may send; `restore_reference` is the hub's own, sent when a reinstalled agent has no reference. */
export const API_COMMAND_KINDS = COMMAND_KINDS.filter((k): k is Exclude<CommandKind, 'restore_reference'> => k !== 'restore_reference');
export type ApiCommandKind = (typeof API_COMMAND_KINDS)[number];

/**
 * Which permission each command needs. Looking (a snapshot now, probing the cameras again, looking
 * for new ones) is harmless and helps the commune police tell a dead camera from a slow one;
 * rebooting a camera or reloading the agent's configuration interrupts recording, so only
 * province technicians and admins may.
 */
export const COMMAND_PERMISSION: Record<ApiCommandKind, Permission> = {
  snapshot: 'command.inspect',
  reprobe: 'command.inspect',
  rediscover: 'command.inspect',
  reboot_camera: 'command.control',
  reload_config: 'command.control',
  accept_reference: 'reference.accept',
};

/** Commands that act on one camera only (the others take an optional camera or none). */
export const COMMAND_NEEDS_CAMERA: Record<CommandKind, 'required' | 'optional' | 'none'> = {
  snapshot: 'optional',
  reprobe: 'optional',
  rediscover: 'none',
  reboot_camera: 'required',
  reload_config: 'none',
  accept_reference: 'required',
  restore_reference: 'required',
};

/**
 * queued: stored, not yet accepted by the broker; delivered: the broker acknowledged the QoS 1
 * publish (PUBACK); ok / failed: the station's `commandReply`; expired: no reply by `expiresAt`.
 */
export const COMMAND_STATES = ['queued', 'delivered', 'ok', 'failed', 'expired'] as const;
export type CommandState = (typeof COMMAND_STATES)[number];
export const COMMAND_FINAL_STATES: readonly CommandState[] = ['ok', 'failed', 'expired'];

export const COVERAGE_CLASSES = ['working', 'any', 'none'] as const;
/** `working`: ≥1 programme camera ok/degraded on a station not dark; `any`: seen only by other cameras; `none`: nobody. */
export type CoverageClass = (typeof COVERAGE_CLASSES)[number];
