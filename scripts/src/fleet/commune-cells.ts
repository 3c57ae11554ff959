import { area } from '@turf/area';
import { Delaunay } from 'd3-delaunay';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { intersection, union, type Geom } from 'polyclip-ts';
import { round6, type Projection } from './planar.ts';

export type Area = Polygon | MultiPolygon;

/**
 * Commune areas are approximated as the Voronoi cells of the commune centres (computed in
 * the local km projection, so "nearest" means nearest on the ground), each clipped to the
 * province outline. Real boundaries follow canals and rivers; import them with
 * `--boundaries` when you have them.
 */
export function voronoiCells(centres: [number, number][], outline: Polygon, proj: Projection): Area[] {
  const outlineXY = outline.coordinates[0]?.map((p) => proj.toXY([p[0] ?? 0, p[1] ?? 0])) ?? [];
  const xs = outlineXY.map((p) => p[0]);
  const ys = outlineXY.map((p) => p[1]);
  const margin = 5;
  const voronoi = Delaunay.from(centres).voronoi([
    Math.min(...xs) - margin,
    Math.min(...ys) - margin,
    Math.max(...xs) + margin,
    Math.max(...ys) + margin,
  ]);
  const clip = outline.coordinates as Geom;
  return centres.map((_, i) => {
    const ring = voronoi.cellPolygon(i);
    if (!ring) throw new Error(`no Voronoi cell for centre ${i}`);
    const cell = [ring.map(([x, y]) => proj.toLonLat(x ?? 0, y ?? 0))] as Geom;
    return toArea(intersection(cell, clip));
  });
}

/** Union of several areas (a district from its communes). */
export function unionAreas(parts: Area[]): Area {
  const [first, ...rest] = parts.map(asGeom);
  if (!first) throw new Error('union of nothing');
  return toArea(union(first, ...rest));
}

export function areaKm2(geometry: Area): number {
  return area(geometry) / 1e6;
}

function asGeom(a: Area): Geom {
  return a.coordinates as Geom;
}

/** Rounds coordinates and returns a Polygon when there is one piece, a MultiPolygon otherwise. */
function toArea(multi: [number, number][][][]): Area {
  const rounded = multi.map((poly) => poly.map((ring) => ring.map(([x, y]): Position => [round6(x), round6(y)])));
  if (rounded.length === 0) throw new Error('empty area after clipping');
  return rounded.length === 1 ? { type: 'Polygon', coordinates: rounded[0] ?? [] } : { type: 'MultiPolygon', coordinates: rounded };
}
