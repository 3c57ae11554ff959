import { Type, type Static } from '@sinclair/typebox';
import { UnitId } from '../ids.ts';
import { strictObject } from './dashboard-common.ts';
import { COVERAGE_CLASSES } from './value-lists.ts';

export { COVERAGE_CLASSES } from './value-lists.ts';
export type { CoverageClass } from './value-lists.ts';

/**
 * Road coverage (issue 16 item 2): every road of the map split into short stretches, each
 * covered by a working programme camera, only by other cameras (programme cameras not working
 * now, private cameras), or by none. Figures are for the part of each road inside the caller's
 * area (or the unit asked for).
 */

export const CoverageQuery = Type.Object({ unitId: Type.Optional(UnitId) }, strictObject);
export type CoverageQuery = Static<typeof CoverageQuery>;

const Km = Type.Number({ minimum: 0 });
const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[lon, lat]' });

/** A run of consecutive stretches of one road with the same class. */
export const CoverageStretch = Type.Object(
  {
    class: Type.Union(COVERAGE_CLASSES.map((c) => Type.Literal(c))),
    /** Distance along the road (from its first point) where the run starts and ends. */
    fromKm: Km,
    toKm: Km,
    lengthKm: Km,
    /** The run's line, for drawing it on the map. */
    path: Type.Array(Position),
  },
  strictObject,
);
export type CoverageStretch = Static<typeof CoverageStretch>;

export const RoadCoverage = Type.Object(
  {
    /** Stable id of the road line (its code, plus its unit for local roads). */
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    /** `main` for national/provincial roads, `local` for commune roads. */
    kind: Type.String(),
    lengthKm: Km,
    /** Length seen by at least one working programme camera. */
    workingKm: Km,
    /** Length seen by any camera (working programme cameras included). */
    anyKm: Km,
    /** Stretches nobody sees, longest first. */
    gaps: Type.Array(CoverageStretch),
    /** Every run in order along the road (for the map). */
    stretches: Type.Array(CoverageStretch),
  },
  strictObject,
);
export type RoadCoverage = Static<typeof RoadCoverage>;

export const RoadCoverageReport = Type.Object(
  {
    unitId: Type.Union([UnitId, Type.Null()]),
    segmentM: Type.Number({ exclusiveMinimum: 0 }),
    computedAt: Type.Integer(),
    /** Programme cameras and private camera views considered. */
    programmeCameras: Type.Integer({ minimum: 0 }),
    privateCameras: Type.Integer({ minimum: 0 }),
    /** Roads with any length in the area, main roads first, then by length. */
    roads: Type.Array(RoadCoverage),
  },
  strictObject,
);
export type RoadCoverageReport = Static<typeof RoadCoverageReport>;

/** The commune choropleth's "share of road length covered" (working programme cameras). */
export const UnitRoadCoverage = Type.Object(
  {
    unitId: UnitId,
    roadKm: Km,
    workingKm: Km,
    anyKm: Km,
    /** workingKm ÷ roadKm in percent; null for a unit with no road on the map. */
    workingPct: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]),
  },
  strictObject,
);
export type UnitRoadCoverage = Static<typeof UnitRoadCoverage>;

export const UnitRoadCoverageList = Type.Array(UnitRoadCoverage);
export type UnitRoadCoverageList = Static<typeof UnitRoadCoverageList>;
