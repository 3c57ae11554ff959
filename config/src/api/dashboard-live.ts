import { Type, type Static } from '@sinclair/typebox';
import { CameraId, StationId } from '../ids.ts';
import { AlertNotice } from '../mqtt/messages.ts';
import { CameraCauseOrNull, CameraMapStatusValue, EpochMs, StationLivenessValue, nullable, strictObject } from './dashboard-common.ts';

/**
 * GET /api/live — Server-Sent Events, scoped to the user's units (session cookie). Each SSE
 * message has `event: <name>` and `data: <JSON>` with the payloads below. The server sends
 * a comment line (`: ping`) every 15 s so proxies keep the stream open. After a reconnect
 * the dashboard refetches /api/map, so the stream never needs to replay missed events.
 */
export const LiveStationStatus = Type.Object(
  {
    stationId: StationId,
    status: StationLivenessValue,
    worstCameraStatus: CameraMapStatusValue,
    ts: EpochMs,
  },
  strictObject,
);
export type LiveStationStatus = Static<typeof LiveStationStatus>;

export const LiveCameraStatus = Type.Object(
  {
    cameraId: CameraId,
    stationId: StationId,
    status: CameraMapStatusValue,
    cause: CameraCauseOrNull,
    since: nullable(EpochMs),
  },
  strictObject,
);
export type LiveCameraStatus = Static<typeof LiveCameraStatus>;

export const LIVE_EVENTS = {
  'station-status': LiveStationStatus,
  'camera-status': LiveCameraStatus,
  alert: AlertNotice,
} as const;
export type LiveEventName = keyof typeof LIVE_EVENTS;
export type LiveEventPayload<E extends LiveEventName> = Static<(typeof LIVE_EVENTS)[E]>;
