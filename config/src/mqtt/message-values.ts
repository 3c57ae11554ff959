/**
 * The value lists of the MQTT contract, as plain constants (no TypeBox): the schemas in
 * messages.ts are built from them, and the dashboard's map reads them without pulling the schema
 * library into the bundle a phone downloads first. Import them through `@camwatch/config/mqtt`
 * (or `/domain`, `/api`), as before.
 */
export const CAMERA_STATUSES = ['ok', 'degraded', 'down'] as const;

/**
 * Why a camera is not ok. Ordered from the most to the least fundamental: when several
 * checks fail, the agent reports the first (an unreachable camera is not also "frozen").
 */
export const CAMERA_CAUSES = [
  'unreachable',
  'onvif_failing',
  'stream_failing',
  'black',
  'covered',
  'frozen',
  'blurred',
  'view_changed',
  'low_fps',
  'clock_skew',
] as const;
export type CameraCause = (typeof CAMERA_CAUSES)[number];

export const SNAPSHOT_MODES = ['full', 'reduced', 'on_change'] as const;
export type SnapshotMode = (typeof SNAPSHOT_MODES)[number];

export const EVENT_KINDS = [
  'agent_started',
  'outbox_gap',
  'camera_discovered',
  'camera_lost',
  'config_reloaded',
  'camera_rebooted',
  'reference_updated',
  'clock_skew',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const COMMAND_KINDS = [
  'snapshot',
  'reprobe',
  'rediscover',
  'reboot_camera',
  'reload_config',
  /** A person accepts what the camera sees now as its reference (after a deliberate re-aim or a repair). */
  'accept_reference',
  /** The hub gives a reinstalled agent back the reference it kept (`reference` carries it). */
  'restore_reference',
] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
