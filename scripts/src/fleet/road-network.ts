import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Area } from './commune-cells.ts';
import type { CommuneKind, LonLat } from './data/long-an-units.ts';
import { normaliseBearing, samplePath, type Projection } from './planar.ts';
import { createRng, hashString } from './prng.ts';
import type { RoadLines } from './road-import.ts';

/** A point on a road where a station may stand, with the road's direction there. */
export interface RoadPoint {
  lon: number;
  lat: number;
  bearing: number;
  road: string;
  /** Distance from the commune's centre along a local road (0 for main roads). */
  offsetKm: number;
}

export interface LocalRoad {
  name: string;
  points: RoadPoint[];
  /** From an imported road file (written to roads.geojson from there), not generated. */
  imported?: boolean;
}

export interface RoadArea {
  id: string;
  kind: CommuneKind;
  area: Area;
  bbox: [number, number, number, number];
  anchor: LonLat;
}

const STEP_KM = 0.1;
const LOCAL_REACH_KM = 6;

export function bboxOf(area: Area): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polys = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  for (const ring of polys.flat())
    for (const [x = 0, y = 0] of ring)
      [b[0], b[1], b[2], b[3]] = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
  return b;
}

export function containsPoint(a: RoadArea, lon: number, lat: number): boolean {
  const [w, s, e, n] = a.bbox;
  return lon >= w && lon <= e && lat >= s && lat <= n && booleanPointInPolygon([lon, lat], a.area);
}

/**
 * Samples the main roads (hand-drawn or imported, each a set of lines) every 100 m and hands
 * each sample to the commune that contains it.
 */
export function mainRoadPoints(areas: RoadArea[], roads: RoadLines[], proj: Projection): Map<string, RoadPoint[]> {
  const out = new Map<string, RoadPoint[]>(areas.map((a) => [a.id, []]));
  for (const road of roads) {
    for (const line of road.lines) {
      for (const s of samplePath(
        line.map((p) => proj.toXY(p)),
        STEP_KM,
      )) {
        const [lon, lat] = proj.toLonLat(s.x, s.y);
        const owner = areas.find((a) => containsPoint(a, lon, lat));
        if (owner) out.get(owner.id)?.push({ lon, lat, bearing: s.bearing, road: road.code, offsetKm: 0 });
      }
    }
  }
  return out;
}

/**
 * Imported roads other than the priority ones (provincial and commune roads), sampled every
 * 100 m, each sample handed to the commune containing it: there they are local roads stations
 * can stand on, their offset the distance from the commune's centre.
 */
export function importedLocalRoads(areas: RoadArea[], roads: RoadLines[], proj: Projection): Map<string, LocalRoad[]> {
  const out = new Map<string, LocalRoad[]>();
  for (const road of roads) {
    const byArea = new Map<string, RoadPoint[]>();
    for (const line of road.lines) {
      for (const s of samplePath(
        line.map((p) => proj.toXY(p)),
        STEP_KM,
      )) {
        const [lon, lat] = proj.toLonLat(s.x, s.y);
        const owner = areas.find((a) => containsPoint(a, lon, lat));
        if (!owner) continue;
        const [cx, cy] = proj.toXY(owner.anchor);
        const pts = byArea.get(owner.id) ?? [];
        pts.push({ lon, lat, bearing: s.bearing, road: road.code, offsetKm: Math.hypot(s.x - cx, s.y - cy) });
        byArea.set(owner.id, pts);
      }
    }
    for (const [id, points] of byArea) out.set(id, [...(out.get(id) ?? []), { name: road.code, points, imported: true }]);
  }
  return out;
}

/**
 * Settlements sit on smaller roads we have no map of, so each commune gets two straight local
 * roads crossing at its centre, cut where they leave the commune. Their direction comes from
 * the unit id, not the fleet seed: geography is the same for every fleet.
 */
export function localRoads(a: RoadArea, proj: Projection): LocalRoad[] {
  const rng = createRng(hashString(`local-roads:${a.id}`));
  const first = rng.range(0, 180);
  const bearings = [first, first + rng.range(70, 110)];
  const names = a.kind === 'commune' ? ['Đường liên xã', 'Đường liên ấp'] : ['Đường nội ô', 'Đường khu phố'];
  const [cx, cy] = proj.toXY(a.anchor);
  return bearings.map((b, i) => {
    const rad = (b * Math.PI) / 180;
    const walk = (sign: 1 | -1): RoadPoint[] => {
      const pts: RoadPoint[] = [];
      for (let d = STEP_KM; d <= LOCAL_REACH_KM; d += STEP_KM) {
        const [lon, lat] = proj.toLonLat(cx + sign * d * Math.sin(rad), cy + sign * d * Math.cos(rad));
        if (!containsPoint(a, lon, lat)) break;
        pts.push({ lon, lat, bearing: normaliseBearing(sign > 0 ? b : b + 180), road: names[i] ?? 'Đường liên ấp', offsetKm: d });
      }
      return pts;
    };
    const centre: RoadPoint = {
      lon: a.anchor[0],
      lat: a.anchor[1],
      bearing: normaliseBearing(b),
      road: names[i] ?? 'Đường liên ấp',
      offsetKm: 0,
    };
    return { name: centre.road, points: [...walk(-1).reverse(), centre, ...walk(1)] };
  });
}
