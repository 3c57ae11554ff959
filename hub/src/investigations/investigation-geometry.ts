import {
  INVESTIGATION_MAX_ROUTE_M,
  INVESTIGATION_SAMPLE_STEP_M,
  metresBetween,
  viewCovers,
  type CameraView,
  type GeoPoint,
} from '@camwatch/config';
import type { GeoBox } from './investigation-repository.ts';

/** A query the investigation refuses (bad route, bad window); the HTTP layer answers CW_ERR_VALIDATION. */
export class InvestigationInputError extends Error {
  override name = 'InvestigationInputError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const M_PER_DEG_LAT = 110_574;

/** `lat,lon;lat,lon` (the schema has checked the shape) into points, each on the globe. */
export function parseRoute(text: string): GeoPoint[] {
  const points = text.split(';').map((pair) => {
    const [lat, lon] = pair.split(',').map(Number) as [number, number];
    return { lat, lon };
  });
  for (const p of points)
    if (Math.abs(p.lat) > 90 || Math.abs(p.lon) > 180)
      throw new InvestigationInputError('/route', `not a position on Earth: ${p.lat},${p.lon}`);
  let length = 0;
  for (let i = 1; i < points.length; i++) length += metresBetween(points[i - 1]!, points[i]!);
  if (length > INVESTIGATION_MAX_ROUTE_M)
    throw new InvestigationInputError('/route', `route is ${Math.round(length)} m long; at most ${INVESTIGATION_MAX_ROUTE_M} m`);
  return points;
}

/**
 * Points along the route every INVESTIGATION_SAMPLE_STEP_M metres, vertices included: a route is
 * covered by a camera when any of them is. Linear in degrees, which over 5 km is within
 * centimetres of the great circle.
 */
export function sampleRoute(points: readonly GeoPoint[]): GeoPoint[] {
  const out: GeoPoint[] = [points[0]!];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const steps = Math.ceil(metresBetween(a, b) / INVESTIGATION_SAMPLE_STEP_M);
    for (let k = 1; k <= steps; k++) out.push({ lat: a.lat + ((b.lat - a.lat) * k) / steps, lon: a.lon + ((b.lon - a.lon) * k) / steps });
  }
  return out;
}

/** The points' bounding box grown by `marginM` metres on every side. */
export function boxAround(points: readonly GeoPoint[], marginM: number): GeoBox {
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const south = Math.min(...lats);
  const north = Math.max(...lats);
  const dLat = marginM / M_PER_DEG_LAT;
  // The widest degree of longitude in the box is at the latitude farthest from the equator.
  const maxAbsLat = Math.min(89, Math.max(Math.abs(south), Math.abs(north)) + dLat);
  const dLon = marginM / (111_320 * Math.cos((maxAbsLat * Math.PI) / 180));
  return { south: south - dLat, north: north + dLat, west: Math.min(...lons) - dLon, east: Math.max(...lons) + dLon };
}

/** Distance from the camera to the nearest sample it sees, or null when it sees none (the shared rule, viewCovers). */
export function seenDistance(view: CameraView, samples: readonly GeoPoint[]): number | null {
  let best: number | null = null;
  for (const s of samples) {
    if (!viewCovers(view, s)) continue;
    const d = metresBetween(view, s);
    if (best === null || d < best) best = d;
  }
  return best;
}
