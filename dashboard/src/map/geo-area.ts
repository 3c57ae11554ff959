import type { GeoFeature } from '@camwatch/config/api';

const EARTH_RADIUS_KM = 6371.0088;

/** Area of one ring (lon/lat degrees) in km², by the spherical-excess formula used by turf/d3. */
function ringAreaKm2(ring: number[][]): number {
  let sum = 0;
  for (let k = 0; k < ring.length; k++) {
    const [lon1, lat1] = ring[k]!;
    const [lon2, lat2] = ring[(k + 1) % ring.length]!;
    sum += (((lon2! - lon1!) * Math.PI) / 180) * (2 + Math.sin((lat1! * Math.PI) / 180) + Math.sin((lat2! * Math.PI) / 180));
  }
  return Math.abs((sum * EARTH_RADIUS_KM * EARTH_RADIUS_KM) / 2);
}

function polygonAreaKm2(rings: number[][][]): number {
  const [outer, ...holes] = rings;
  if (!outer) return 0;
  return holes.reduce((area, hole) => area - ringAreaKm2(hole), ringAreaKm2(outer));
}

/** Used when a unit has no official `areaKm2`: the shape's own area. */
export function featureAreaKm2(feature: GeoFeature): number {
  const g = feature.geometry;
  if (g.type === 'Polygon') return polygonAreaKm2(g.coordinates);
  if (g.type === 'MultiPolygon') return g.coordinates.reduce((sum, poly) => sum + polygonAreaKm2(poly), 0);
  return 0;
}
