import type { GeoFeature, GeoPoint } from '@camwatch/config';

interface Shape {
  id: string;
  rings: number[][][][]; // polygons, each [outer, ...holes]
  box: [minLon: number, minLat: number, maxLon: number, maxLat: number];
}

function inRing(p: GeoPoint, ring: readonly number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > p.lat !== yj > p.lat && p.lon < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Which unit outline (units.geojson) holds a point. Only the given units take part (the leaves:
 * a district's outline would hold its communes' points too); a bounding box check comes first.
 */
export class UnitLocator {
  private readonly shapes: Shape[] = [];

  constructor(features: readonly GeoFeature[], only: (unitId: string) => boolean) {
    for (const f of features) {
      const id = String(f.properties.id ?? '');
      if (!id || !only(id)) continue;
      const g = f.geometry;
      const rings = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      if (rings.length === 0) continue;
      const box: Shape['box'] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const poly of rings)
        for (const [lon, lat] of poly[0] ?? []) {
          box[0] = Math.min(box[0], lon as number);
          box[1] = Math.min(box[1], lat as number);
          box[2] = Math.max(box[2], lon as number);
          box[3] = Math.max(box[3], lat as number);
        }
      this.shapes.push({ id, rings, box });
    }
  }

  get size(): number {
    return this.shapes.length;
  }

  unitAt(p: GeoPoint): string | null {
    for (const s of this.shapes) {
      if (p.lon < s.box[0] || p.lon > s.box[2] || p.lat < s.box[1] || p.lat > s.box[3]) continue;
      for (const [outer, ...holes] of s.rings) if (outer && inRing(p, outer) && !holes.some((h) => inRing(p, h))) return s.id;
    }
    return null;
  }
}
