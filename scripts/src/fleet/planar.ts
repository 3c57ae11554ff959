import type { LonLat } from './data/long-an-units.ts';

/**
 * A local equirectangular projection in kilometres. Over Long An (0.65° of latitude) its
 * distortion is far below the precision of our data, and it keeps Voronoi cells and spacing
 * honest in km instead of squashed degrees.
 */
export interface Projection {
  toXY(p: LonLat): [number, number];
  toLonLat(x: number, y: number): [number, number];
}

const KM_PER_DEG_LAT = 110.574;

export function localProjection(origin: LonLat): Projection {
  const kmPerDegLon = 111.32 * Math.cos((origin[1] * Math.PI) / 180);
  return {
    toXY: ([lon, lat]) => [(lon - origin[0]) * kmPerDegLon, (lat - origin[1]) * KM_PER_DEG_LAT],
    toLonLat: (x, y) => [origin[0] + x / kmPerDegLon, origin[1] + y / KM_PER_DEG_LAT],
  };
}

/** Rounds to 6 decimals (~0.1 m): enough for a camera pole, and keeps output stable. */
export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

export function roundTo(v: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}

/** Compass bearing in degrees [0, 360) from a to b, in the projected plane. */
export function bearingDeg(ax: number, ay: number, bx: number, by: number): number {
  const deg = (Math.atan2(bx - ax, by - ay) * 180) / Math.PI;
  return (deg + 360) % 360;
}

export function normaliseBearing(deg: number): number {
  return ((deg % 360) + 360) % 360;
}

export interface PathSample {
  x: number;
  y: number;
  /** Direction of travel along the path at this sample. */
  bearing: number;
}

/** Points every `stepKm` along a polyline (already projected), with the local direction. */
export function samplePath(path: readonly (readonly [number, number])[], stepKm: number): PathSample[] {
  const out: PathSample[] = [];
  let carry = 0;
  for (let i = 1; i < path.length; i++) {
    const [ax, ay] = path[i - 1] as readonly [number, number];
    const [bx, by] = path[i] as readonly [number, number];
    const len = Math.hypot(bx - ax, by - ay);
    const bearing = bearingDeg(ax, ay, bx, by);
    for (let d = carry; d < len; d += stepKm) {
      const t = d / len;
      out.push({ x: ax + (bx - ax) * t, y: ay + (by - ay) * t, bearing });
    }
    carry = (((carry - len) % stepKm) + stepKm) % stepKm;
  }
  return out;
}
