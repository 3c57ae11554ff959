import { Type, type Static } from '@sinclair/typebox';
import { CameraId, StationId, UnitId } from '../ids.ts';
import { EVENT_KINDS, SNAPSHOT_MODES } from '../mqtt/messages.ts';
import {
  CameraCauseOrNull,
  CameraMapStatusValue,
  EpochMs,
  SnapshotRef,
  StationLivenessValue,
  nullable,
  strictObject,
} from './dashboard-common.ts';
import { CameraReferenceFields } from './camera-references.ts';
import { TIMELINE_RANGES } from './value-lists.ts';

export { TIMELINE_RANGES } from './value-lists.ts';
export type { TimelineRange } from './value-lists.ts';

const text = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });

export const StationHealthSummary = Type.Object(
  {
    ts: EpochMs,
    cpuPct: Type.Number(),
    memUsedPct: Type.Number(),
    diskUsedPct: Type.Number(),
    tempC: nullable(Type.Number()),
    uplinkLatencyMs: nullable(Type.Number()),
    outboxPending: Type.Integer(),
    bytesSentToday: Type.Optional(Type.Integer({ minimum: 0, description: 'Bytes the station sent this local day (its 4G use)' })),
    byteBudget: Type.Optional(nullable(Type.Integer({ minimum: 0, description: 'Its daily byte budget; null: the agent reports none' }))),
    snapshotMode: Type.Optional(nullable(Type.Union(SNAPSHOT_MODES.map((m) => Type.Literal(m))))),
  },
  strictObject,
);

export const CameraDetail = Type.Object(
  {
    id: CameraId,
    make: text(64),
    model: text(64),
    bearingDeg: Type.Number(),
    fovDeg: Type.Number(),
    rangeM: Type.Number(),
    status: CameraMapStatusValue,
    cause: CameraCauseOrNull,
    detail: text(256),
    since: nullable(EpochMs),
    uptime24hPct: nullable(Type.Number({ minimum: 0, maximum: 100 })),
    latestSnapshot: nullable(SnapshotRef),
    referenceSnapshot: nullable(SnapshotRef),
    ...CameraReferenceFields,
  },
  strictObject,
);
export type CameraDetail = Static<typeof CameraDetail>;

export const StationEventItem = Type.Object(
  {
    ts: EpochMs,
    kind: Type.Union([
      ...EVENT_KINDS.map((k) => Type.Literal(k)),
      Type.Literal('station_online'),
      Type.Literal('station_offline'),
      Type.Literal('camera_status'),
    ]),
    cameraId: nullable(CameraId),
    message: text(512, "The agent's own text (English, for diagnosis); render `kind`, `status`, `cause` instead"),
    status: Type.Optional(nullable(text(16, 'camera_status: ok, degraded, down or unknown'))),
    cause: Type.Optional(
      nullable(text(64, 'camera_status: the camera cause; station_online/offline: message, connected, last_will or timeout')),
    ),
  },
  strictObject,
);
export type StationEventItem = Static<typeof StationEventItem>;

/** GET /api/stations/:id — 404 when the station is unknown or outside the user's scope. */
export const StationDetail = Type.Object(
  {
    id: StationId,
    name: text(128),
    unitId: UnitId,
    unitName: text(128),
    address: text(256),
    lat: Type.Number(),
    lon: Type.Number(),
    road: nullable(text(64)),
    installedAt: text(10),
    contactName: nullable(text(128)),
    contactPhone: nullable(text(32)),
    status: StationLivenessValue,
    lastSeenAt: nullable(EpochMs),
    agentVersion: nullable(text(32)),
    agentVersionSince: Type.Optional(nullable(EpochMs)),
    health: nullable(StationHealthSummary),
    cameras: Type.Array(CameraDetail),
    events: Type.Array(StationEventItem, { description: 'Newest first, at most 50' }),
  },
  strictObject,
);
export type StationDetail = Static<typeof StationDetail>;

export const TimelineQuery = Type.Object(
  {
    range: Type.Union(
      TIMELINE_RANGES.map((r) => Type.Literal(r)),
      { default: '24h' },
    ),
  },
  strictObject,
);

/**
 * GET /api/cameras/:id/timeline?range=24h|7d|30d — status intervals clipped to the range
 * (gaps = no data, not downtime) and uptime per bucket (hourly for 24h, daily otherwise).
 */
export const CameraTimeline = Type.Object(
  {
    cameraId: CameraId,
    from: EpochMs,
    to: EpochMs,
    intervals: Type.Array(
      Type.Object(
        {
          start: EpochMs,
          end: EpochMs,
          status: CameraMapStatusValue,
          cause: CameraCauseOrNull,
        },
        strictObject,
      ),
    ),
    buckets: Type.Array(
      Type.Object(
        {
          start: EpochMs,
          end: EpochMs,
          uptimePct: nullable(Type.Number({ minimum: 0, maximum: 100 })),
        },
        strictObject,
      ),
    ),
    uptimePct: nullable(Type.Number({ minimum: 0, maximum: 100, description: 'Uptime while reachable, over the whole range' })),
    availabilityPct: nullable(
      Type.Number({ minimum: 0, maximum: 100, description: 'Over the whole range; the station out of contact counts against it' }),
    ),
    coveragePct: nullable(
      Type.Number({ minimum: 0, maximum: 100, description: 'Share of the range with a known state (the hub was listening)' }),
    ),
    availabilityLossCause: nullable(Type.Union([Type.Literal('station_unreachable'), Type.Literal('camera_fault')])),
  },
  strictObject,
);
export type CameraTimeline = Static<typeof CameraTimeline>;

/** GET /api/cameras/:id/snapshots?from&to&limit — history, newest first. */
export const SnapshotHistoryQuery = Type.Object(
  {
    from: Type.Optional(EpochMs),
    to: Type.Optional(EpochMs),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 48 })),
  },
  strictObject,
);
export const SnapshotHistory = Type.Object(
  {
    cameraId: CameraId,
    items: Type.Array(SnapshotRef),
  },
  strictObject,
);
export type SnapshotHistory = Static<typeof SnapshotHistory>;
