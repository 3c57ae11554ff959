import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CAMERA_CAUSES, type CameraCause } from '../mqtt/message-values.ts';
import { CAMERA_MAP_STATUSES, STATION_LIVENESS } from './value-lists.ts';

// Plain lists and codes (no TypeBox) live in value-lists.ts; re-exported here as before.
export { CAMERA_MAP_STATUSES, STATION_LIVENESS, causeCode, causeFromCode } from './value-lists.ts';
export type { CameraMapStatus, StationLiveness } from './value-lists.ts';

/**
 * Shared pieces of the HTTP contract between the hub API and the dashboard.
 * Bulk payloads (the map) use small integer codes indexing the tuples below; single
 * objects and live events use the string values, which read better in logs.
 */
export const strictObject = { additionalProperties: false } as const;
export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const EpochMs = Type.Integer({ minimum: 0, description: 'Epoch milliseconds' });

export const CameraMapStatusValue = Type.Union(CAMERA_MAP_STATUSES.map((s) => Type.Literal(s)));

export const StationLivenessValue = Type.Union(STATION_LIVENESS.map((s) => Type.Literal(s)));

export const CameraCauseOrNull = nullable(Type.Union(CAMERA_CAUSES.map((c) => Type.Literal(c))));
export type CameraCauseOrNull = CameraCause | null;

/** A snapshot as the API hands it out: `url` is an opaque, unguessable, expiring path (never built by clients). */
export const SnapshotRef = Type.Object(
  {
    url: Type.String({ maxLength: 512, description: 'Opaque URL, e.g. /api/snapshots/<token>' }),
    takenAt: EpochMs,
    width: Type.Integer({ minimum: 1 }),
    height: Type.Integer({ minimum: 1 }),
  },
  strictObject,
);
export type SnapshotRef = Static<typeof SnapshotRef>;

/** Body of every 4xx/5xx answer. */
export const ApiError = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String({ description: 'Stable error code, e.g. CW_ERR_UNAUTHORIZED' }),
  error: Type.String(),
  message: Type.String(),
});
export type ApiError = Static<typeof ApiError>;
