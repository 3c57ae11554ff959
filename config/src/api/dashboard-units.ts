import { Type, type Static } from '@sinclair/typebox';
import { UnitId } from '../ids.ts';
import { UNIT_KINDS } from '../inventory/schema.ts';
import { nullable, strictObject } from './dashboard-common.ts';

/**
 * GET /api/units — the user's units (their scope, its ancestors for breadcrumbs, its
 * descendants) as a flat list; `parentId` rebuilds the tree. Counts are of the unit and
 * everything below it.
 */
export const UnitSummary = Type.Object(
  {
    id: UnitId,
    name: Type.String({ maxLength: 128 }),
    kind: Type.Union(UNIT_KINDS.map((k) => Type.Literal(k))),
    parentId: nullable(UnitId),
    areaKm2: nullable(Type.Number({ minimum: 0 })),
    inScope: Type.Boolean({ description: 'false for ancestors listed only for the breadcrumb' }),
    stations: Type.Integer({ minimum: 0 }),
    cameras: Type.Integer({ minimum: 0 }),
    camerasOk: Type.Integer({ minimum: 0 }),
    camerasDegraded: Type.Integer({ minimum: 0 }),
    camerasDown: Type.Integer({ minimum: 0 }),
    camerasUnknown: Type.Integer({ minimum: 0 }),
    uptime7dPct: nullable(
      Type.Number({ minimum: 0, maximum: 100, description: 'Time up ÷ time observed over 7 days; null = nothing observed' }),
    ),
  },
  strictObject,
);
export type UnitSummary = Static<typeof UnitSummary>;

export const UnitsResponse = Type.Object({ units: Type.Array(UnitSummary) }, strictObject);
export type UnitsResponse = Static<typeof UnitsResponse>;

/**
 * GET /api/geo/units and GET /api/geo/roads — GeoJSON FeatureCollections as written by the
 * fleet generator (units.geojson, roads.geojson), unit features filtered to the user's scope.
 * Unit features carry `properties.id` (the unit id); road features `properties.ref` or `name`.
 */
const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });
export const GeoGeometry = Type.Union([
  Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Position)) }),
  Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(Type.Array(Position))) }),
  Type.Object({ type: Type.Literal('LineString'), coordinates: Type.Array(Position) }),
  Type.Object({ type: Type.Literal('MultiLineString'), coordinates: Type.Array(Type.Array(Position)) }),
  Type.Object({ type: Type.Literal('Point'), coordinates: Position }),
]);
export const GeoFeature = Type.Object({
  type: Type.Literal('Feature'),
  geometry: GeoGeometry,
  properties: Type.Record(Type.String(), Type.Unknown()),
});
export const GeoFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(GeoFeature),
});
export type GeoFeatureCollection = Static<typeof GeoFeatureCollection>;
export type GeoFeature = Static<typeof GeoFeature>;
