import { Type, type Static } from '@sinclair/typebox';
import { UnitId } from '../ids.ts';
import { nullable, strictObject } from './dashboard-common.ts';
import { ReportLangValue } from './hub-reports.ts';

/**
 * The programme's own report (issue 14 item 5), as the province police write it: for a unit and
 * every unit below it at any depth, "xã, phường có camera / tổng số", stations, cameras, cameras
 * working now, the period's availability, cameras added and retired, repair work; the same for
 * the priority roads and for border units.
 */
export const PROGRAMME_PERIODS = ['month', 'quarter', 'year'] as const;
export type ProgrammePeriod = (typeof PROGRAMME_PERIODS)[number];

export const ProgrammeReportQuery = Type.Object(
  {
    period: Type.Union(PROGRAMME_PERIODS.map((p) => Type.Literal(p))),
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Any day of the period (yyyy-MM-dd, Asia/Ho_Chi_Minh)' }),
    unitId: Type.Optional(UnitId),
  },
  strictObject,
);
export type ProgrammeReportQuery = Static<typeof ProgrammeReportQuery>;

export const ProgrammeExportQuery = Type.Composite(
  [ProgrammeReportQuery, Type.Object({ lang: Type.Optional(ReportLangValue) })],
  strictObject,
);
export type ProgrammeExportQuery = Static<typeof ProgrammeExportQuery>;

const Count = Type.Integer({ minimum: 0 });
const Pct = nullable(Type.Number({ minimum: 0, maximum: 100 }));

/** The figures of one group of stations (a unit's subtree, a road, the border units). */
export const ProgrammeFigures = Type.Object(
  {
    /** Leaf units (communes, wards, townships…) with at least one station in service. */
    unitsWithStations: Count,
    /** All leaf units in the group (0 for a road). */
    leafUnits: Count,
    stations: Count,
    cameras: Count,
    /** Cameras whose status is ok now, on a station that is online now. */
    camerasWorking: Count,
    /** Time usable ÷ time it should have been, over the period so far (dark stations count against it). */
    availabilityPct: Pct,
    /** Camera uptime while the station was reachable. */
    uptimePct: Pct,
    camerasAdded: Count,
    camerasRetired: Count,
    ordersOpened: Count,
    /** Orders verified in the period (a repair counts as closed once the hub verified it). */
    ordersClosed: Count,
    mttrMs: nullable(Type.Integer({ minimum: 0 })),
  },
  strictObject,
);
export type ProgrammeFigures = Static<typeof ProgrammeFigures>;

export const ProgrammeUnitRow = Type.Composite(
  [
    Type.Object({
      unitId: UnitId,
      unitName: Type.String(),
      kind: Type.String(),
      parentId: nullable(UnitId),
      /** 0 for the report's unit, 1 for the units right below it, and so on. */
      depth: Type.Integer({ minimum: 0 }),
      border: Type.Boolean(),
    }),
    ProgrammeFigures,
  ],
  strictObject,
);
export type ProgrammeUnitRow = Static<typeof ProgrammeUnitRow>;

/** How a road's stations were found: within the set distance of its map geometry, or by the station's `road` text (no geometry). */
export const ROAD_MATCHES = ['geometry', 'road_text'] as const;
export type RoadMatch = (typeof ROAD_MATCHES)[number];

export const ProgrammeGroupRow = Type.Composite(
  [
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      /** Roads only. */
      matchedBy: Type.Optional(Type.Union(ROAD_MATCHES.map((m) => Type.Literal(m)))),
    }),
    ProgrammeFigures,
  ],
  strictObject,
);
export type ProgrammeGroupRow = Static<typeof ProgrammeGroupRow>;

export const ProgrammeReport = Type.Object(
  {
    period: Type.Union(PROGRAMME_PERIODS.map((p) => Type.Literal(p))),
    /** First and last local day of the period. */
    from: Type.String(),
    to: Type.String(),
    unitId: UnitId,
    unitName: Type.String(),
    /** The report's unit first, then its subtree depth first (each unit followed by the units below it). */
    units: Type.Array(ProgrammeUnitRow),
    /** One row per priority road (QL1, N2, QL50, QL62). */
    roads: Type.Array(ProgrammeGroupRow),
    /** A station belongs to a road with geometry when it lies within this many metres of it. */
    roadDistanceM: Type.Number({ minimum: 0 }),
    /** The units flagged as border units (with all units below them). */
    border: ProgrammeGroupRow,
    /**
     * Owners' recorders connected to a collector in the report's unit and below: a line of their
     * own, never in the programme's figures above (issue 16 item 4).
     */
    connectedPrivate: Type.Object(
      {
        cameras: Count,
        camerasWorking: Count,
        /** Over the period so far, from the cameras' stored status, by the same maths as the programme's (a dead collector counts against them). */
        availabilityPct: Pct,
        /** Uptime while their collector was reachable. */
        uptimePct: Pct,
      },
      strictObject,
    ),
  },
  strictObject,
);
export type ProgrammeReport = Static<typeof ProgrammeReport>;
