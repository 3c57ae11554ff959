import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon } from 'geojson';
import { PROVINCE } from './data/long-an-units.ts';
import type { Geography } from './geography.ts';
import { round6, roundTo } from './planar.ts';
import type { RoadKind, RoadLines } from './road-import.ts';
import type { RoadPoint } from './road-network.ts';

// Type aliases, not interfaces: only an alias gets the implicit index signature that makes these
// features assignable to the API's GeoFeatureCollection (properties: Record<string, unknown>) without a cast.
export type UnitProperties = {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  areaKm2: number;
};

export type RoadProperties = {
  code: string;
  name: string;
  /** main: QL1, N2, QL50, QL62; provincial: an imported ĐT road; local: any other road. */
  kind: RoadKind;
  unitId: string | null;
  /** The road number as signed (what the dashboard labels and searches); absent for a road known by name only. */
  ref?: string;
};

/** The map layers written next to the inventory: they do not depend on the fleet seed. */
export interface FleetGeo {
  outline: Feature<Polygon | MultiPolygon, UnitProperties>;
  districts: FeatureCollection<Polygon | MultiPolygon, UnitProperties>;
  units: FeatureCollection<Polygon | MultiPolygon, UnitProperties>;
  roads: FeatureCollection<LineString, RoadProperties>;
}

function straight(points: RoadPoint[]): number[][] {
  const centre = points.find((p) => p.offsetKm === 0);
  const ends = [points[0], centre, points[points.length - 1]].filter((p, i, all): p is RoadPoint => !!p && all.indexOf(p) === i);
  return ends.map((p) => [round6(p.lon), round6(p.lat)]);
}

export function geoFeatures(geo: Geography): FleetGeo {
  const outline: Feature<Polygon | MultiPolygon, UnitProperties> = {
    type: 'Feature',
    properties: { id: PROVINCE.id, name: PROVINCE.name, kind: 'province', parentId: null, areaKm2: roundTo(geo.outlineKm2, 2) },
    geometry: geo.outline,
  };
  const districts = geo.districts.map((d): Feature<Polygon | MultiPolygon, UnitProperties> => ({
    type: 'Feature',
    properties: { id: d.id, name: d.seed.name, kind: d.seed.kind, parentId: PROVINCE.id, areaKm2: roundTo(d.areaKm2, 2) },
    geometry: d.area,
  }));
  const units = geo.communes.map((c): Feature<Polygon | MultiPolygon, UnitProperties> => ({
    type: 'Feature',
    properties: { id: c.id, name: c.name, kind: c.kind, parentId: c.districtId, areaKm2: roundTo(c.areaKm2, 2) },
    geometry: c.area,
  }));
  const line = (coordinates: number[][], properties: RoadProperties): Feature<LineString, RoadProperties> => ({
    type: 'Feature',
    properties,
    geometry: { type: 'LineString', coordinates },
  });
  // One feature per line: an imported road is many OSM ways, a hand-drawn one a single path.
  const imported = (r: RoadLines) =>
    r.lines.map((l) =>
      line(
        l.map(([lon, lat]) => [lon, lat]),
        { code: r.code, name: r.name, kind: r.kind, unitId: null, ...(r.ref ? { ref: r.ref } : {}) },
      ),
    );
  const roads = [
    ...geo.mainRoads.flatMap(imported),
    ...geo.otherRoads.flatMap(imported),
    ...geo.communes.flatMap((c) =>
      // Local roads are straight: their two ends and the centre they cross describe them.
      c.localRoads
        .filter((r) => !r.imported && r.points.length > 1)
        .map((r) => line(straight(r.points), { code: r.name, name: r.name, kind: 'local', unitId: c.id })),
    ),
  ];
  return {
    outline,
    districts: { type: 'FeatureCollection', features: districts },
    units: { type: 'FeatureCollection', features: units },
    roads: { type: 'FeatureCollection', features: roads },
  };
}
