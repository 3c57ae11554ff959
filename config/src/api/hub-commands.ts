import { Type, type Static } from '@sinclair/typebox';
import { CameraId, StationId } from '../ids.ts';
import { COMMAND_KINDS, type CommandKind } from '../mqtt/messages.ts';
import { EpochMs, nullable, strictObject } from './dashboard-common.ts';
import type { Permission } from './permissions.ts';

/** Re-exported for the browser side (`@camwatch/config/api` does not include the MQTT contract). */
export type { CommandKind };

export const CommandKindValue = Type.Union(COMMAND_KINDS.map((k) => Type.Literal(k)));

/** What a person may send; `restore_reference` is the hub's own, sent when a reinstalled agent has no reference. */
export const API_COMMAND_KINDS = COMMAND_KINDS.filter((k): k is Exclude<CommandKind, 'restore_reference'> => k !== 'restore_reference');
export type ApiCommandKind = (typeof API_COMMAND_KINDS)[number];
export const ApiCommandKindValue = Type.Union(API_COMMAND_KINDS.map((k) => Type.Literal(k)));

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
export const CommandStateValue = Type.Union(COMMAND_STATES.map((s) => Type.Literal(s)));
export const COMMAND_FINAL_STATES: readonly CommandState[] = ['ok', 'failed', 'expired'];

export const SendCommandBody = Type.Object(
  {
    kind: ApiCommandKindValue,
    cameraId: Type.Optional(nullable(CameraId)),
    /** Reserved for commands with arguments; none of today's kinds takes any. */
    args: Type.Optional(Type.Object({}, strictObject)),
  },
  strictObject,
);
export type SendCommandBody = Static<typeof SendCommandBody>;

export const StationCommand = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9-]{8,40}$' }),
    stationId: StationId,
    cameraId: nullable(CameraId),
    kind: CommandKindValue,
    state: CommandStateValue,
    issuedAt: EpochMs,
    expiresAt: EpochMs,
    deliveredAt: nullable(EpochMs),
    repliedAt: nullable(EpochMs),
    /** The station's answer (or why the hub gave up). */
    message: nullable(Type.String({ maxLength: 512 })),
    issuedBy: nullable(Type.String()),
  },
  strictObject,
);
export type StationCommand = Static<typeof StationCommand>;

export const StationCommandList = Type.Object({ items: Type.Array(StationCommand) }, strictObject);
export type StationCommandList = Static<typeof StationCommandList>;

export const CommandIdParams = Type.Object({ commandId: Type.String({ pattern: '^[A-Za-z0-9-]{8,40}$' }) }, strictObject);
export const CommandListQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, strictObject);
