import { Type, type Static } from '@sinclair/typebox';
import { CameraId, StationId } from '../ids.ts';
import { COMMAND_KINDS, type CommandKind } from '../mqtt/message-values.ts';
import { EpochMs, nullable, strictObject } from './dashboard-common.ts';
import { API_COMMAND_KINDS, COMMAND_STATES } from './value-lists.ts';

export { API_COMMAND_KINDS, COMMAND_FINAL_STATES, COMMAND_NEEDS_CAMERA, COMMAND_PERMISSION, COMMAND_STATES } from './value-lists.ts';
export type { ApiCommandKind, CommandState } from './value-lists.ts';

/** Re-exported for the browser side (`@camwatch/config/api` does not include the MQTT contract). */
export type { CommandKind };

export const CommandKindValue = Type.Union(COMMAND_KINDS.map((k) => Type.Literal(k)));

export const ApiCommandKindValue = Type.Union(API_COMMAND_KINDS.map((k) => Type.Literal(k)));

export const CommandStateValue = Type.Union(COMMAND_STATES.map((s) => Type.Literal(s)));

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
