import { Type, type Static } from '@sinclair/typebox';
import { CameraId, StationId, UnitId } from '../ids.ts';
import { CameraCauseOrNull, EpochMs, SnapshotRef, nullable, strictObject } from './dashboard-common.ts';
import { UnitAttributionValue, UptimeRangeQuery } from './uptime.ts';

/**
 * Report endpoints beyond the dashboard's table: any range (UptimeRangeQuery: day, ISO week,
 * month, custom), camera / station / unit breakdowns, outages, exports. CSV and HTML use
 * Vietnamese labels unless `lang=en`.
 */
export const ReportLangValue = Type.Union([Type.Literal('vi'), Type.Literal('en')], { default: 'vi' });

export const ReportRangeQuery = Type.Composite(
  [
    UptimeRangeQuery,
    Type.Object({
      attribution: Type.Optional(UnitAttributionValue),
    }),
  ],
  strictObject,
);
export type ReportRangeQuery = Static<typeof ReportRangeQuery>;

export const ReportUnitParams = Type.Object({ id: UnitId }, strictObject);

/** GET /api/reports/uptime.csv and .html: the dashboard's UptimeQuery plus the language. */
export const UptimeExportQuery = Type.Object(
  {
    unitId: Type.Optional(UnitId),
    from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    to: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    groupBy: Type.Union([Type.Literal('commune'), Type.Literal('district')], { default: 'commune' }),
    lang: ReportLangValue,
  },
  strictObject,
);
export type UptimeExportQuery = Static<typeof UptimeExportQuery>;

/** GET /api/reports/outages: one scope (unit, station or camera; default my area) and a range. */
export const OutageReportQuery = Type.Composite(
  [
    UptimeRangeQuery,
    Type.Object({
      unitId: Type.Optional(UnitId),
      stationId: Type.Optional(StationId),
      cameraId: Type.Optional(CameraId),
      lang: Type.Optional(ReportLangValue),
    }),
  ],
  strictObject,
);
export type OutageReportQuery = Static<typeof OutageReportQuery>;

export const OutageReportItem = Type.Object(
  {
    cameraId: CameraId,
    stationId: StationId,
    stationName: Type.String(),
    unitId: UnitId,
    unitName: Type.String(),
    startedAt: EpochMs,
    endedAt: nullable(EpochMs),
    durationMs: Type.Number({ minimum: 0 }),
    downMsInRange: Type.Number({ minimum: 0 }),
    cause: CameraCauseOrNull,
    lastGoodSnapshot: nullable(SnapshotRef),
  },
  strictObject,
);
export type OutageReportItem = Static<typeof OutageReportItem>;

export const OutageReport = Type.Object(
  {
    from: EpochMs,
    to: EpochMs,
    count: Type.Integer({ minimum: 0 }),
    resolved: Type.Integer({ minimum: 0 }),
    mttrMs: nullable(Type.Number({ minimum: 0, description: 'Mean duration of the outages that ended in the range' })),
    items: Type.Array(OutageReportItem, { description: 'Oldest first; at most 5,000' }),
  },
  strictObject,
);
export type OutageReport = Static<typeof OutageReport>;
