import { Type, type Static } from '@sinclair/typebox';
import { CameraId, StationId, UnitId } from '../ids.ts';
import { UNIT_KINDS } from '../inventory/schema.ts';
import { AlertNotice } from '../mqtt/messages.ts';
import { CameraCauseOrNull, CameraMapStatusValue, EpochMs, SnapshotRef, nullable, strictObject } from './dashboard-common.ts';

const text = (maxLength: number) => Type.String({ maxLength });

/** GET /api/repair-queue — cameras down (and stations offline) in scope, longest outage first. */
export const RepairItem = Type.Object(
  {
    cameraId: CameraId,
    stationId: StationId,
    stationName: text(128),
    unitId: UnitId,
    unitName: text(128),
    districtName: nullable(text(128)),
    address: text(256),
    lat: Type.Number(),
    lon: Type.Number(),
    status: CameraMapStatusValue,
    cause: CameraCauseOrNull,
    since: EpochMs,
    lastGoodSnapshot: nullable(SnapshotRef),
  },
  strictObject,
);
export type RepairItem = Static<typeof RepairItem>;
export const RepairQueue = Type.Object({ items: Type.Array(RepairItem) }, strictObject);
export type RepairQueue = Static<typeof RepairQueue>;

/**
 * GET /api/reports/uptime?unitId&from&to&groupBy=commune|district — one row per unit of that
 * level inside `unitId` (default: the user's scope). `from`/`to` are `yyyy-MM-dd` local dates,
 * `to` inclusive. Also served as CSV at GET /api/reports/uptime.csv with the same query.
 */
export const UPTIME_GROUPS = ['commune', 'district'] as const;
/**
 * The longest range an uptime report covers, in days (`to` − `from` + 1). The dashboard checks
 * it before asking; the hub refuses longer ranges (hub/src/uptime/uptime-range.ts MAX_RANGE_MS,
 * which should import this when the hub's uptime module is next touched).
 */
export const UPTIME_MAX_RANGE_DAYS = 400;
export const UptimeQuery = Type.Object(
  {
    unitId: Type.Optional(UnitId),
    from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    to: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    groupBy: Type.Union(
      UPTIME_GROUPS.map((g) => Type.Literal(g)),
      { default: 'commune' },
    ),
  },
  strictObject,
);
export type UptimeQuery = Static<typeof UptimeQuery>;
export const UptimeRow = Type.Object(
  {
    unitId: UnitId,
    unitName: text(128),
    kind: Type.Union(UNIT_KINDS.map((k) => Type.Literal(k))),
    parentId: nullable(UnitId),
    parentName: nullable(text(128)),
    stations: Type.Integer({ minimum: 0 }),
    cameras: Type.Integer({ minimum: 0 }),
    uptimePct: nullable(
      Type.Number({ minimum: 0, maximum: 100, description: 'Camera uptime while reachable; null = nothing observed in the range' }),
    ),
    availabilityPct: nullable(
      Type.Number({ minimum: 0, maximum: 100, description: 'Usable time ÷ (observed + station unreachable); null = nothing known' }),
    ),
    coveragePct: nullable(
      Type.Number({ minimum: 0, maximum: 100, description: 'Share of the accountable time with a known state (the hub listening)' }),
    ),
    unreachableMs: Type.Integer({ minimum: 0, description: 'Station out of contact (Last Will or timeout) while the hub listened' }),
    availabilityLossCause: nullable(
      Type.Union([Type.Literal('station_unreachable'), Type.Literal('camera_fault')], {
        description: 'What took more of the unavailable time',
      }),
    ),
    observedMs: Type.Integer({ minimum: 0 }),
    downMs: Type.Integer({ minimum: 0 }),
    outages: Type.Integer({ minimum: 0 }),
    mttrMs: nullable(Type.Integer({ minimum: 0 })),
  },
  strictObject,
);
export type UptimeRow = Static<typeof UptimeRow>;
export const UptimeReport = Type.Object(
  {
    from: text(10),
    to: text(10),
    groupBy: Type.Union(UPTIME_GROUPS.map((g) => Type.Literal(g))),
    rows: Type.Array(UptimeRow),
  },
  strictObject,
);
export type UptimeReport = Static<typeof UptimeReport>;

/** GET /api/alerts?state=open|acknowledged|resolved|all&limit — newest first. */
export const ALERT_FILTERS = ['open', 'acknowledged', 'resolved', 'all'] as const;
export const AlertsQuery = Type.Object(
  {
    state: Type.Union(
      ALERT_FILTERS.map((s) => Type.Literal(s)),
      { default: 'open' },
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  },
  strictObject,
);
export const AlertItem = Type.Composite(
  [
    AlertNotice,
    Type.Object({
      stationName: text(128),
      unitName: text(128),
      acknowledgedBy: nullable(text(64)),
      acknowledgedAt: nullable(EpochMs),
      comment: nullable(text(512)),
    }),
  ],
  strictObject,
);
export type AlertItem = Static<typeof AlertItem>;
export const AlertsResponse = Type.Object({ items: Type.Array(AlertItem) }, strictObject);
export type AlertsResponse = Static<typeof AlertsResponse>;

/** POST /api/alerts/:id/ack — answers the updated alert. */
export const AlertAckRequest = Type.Object({ comment: Type.String({ maxLength: 512 }) }, strictObject);
export type AlertAckRequest = Static<typeof AlertAckRequest>;

/** GET /api/reports/never-reported — stations in scope that never sent a message. */
export const NeverReportedItem = Type.Object(
  {
    stationId: StationId,
    name: text(128),
    unitId: UnitId,
    unitName: text(128),
    address: text(256),
    installedAt: text(10),
    cameras: Type.Integer({ minimum: 0 }),
  },
  strictObject,
);
export const NeverReported = Type.Object({ items: Type.Array(NeverReportedItem) }, strictObject);
export type NeverReported = Static<typeof NeverReported>;
export type NeverReportedItem = Static<typeof NeverReportedItem>;
