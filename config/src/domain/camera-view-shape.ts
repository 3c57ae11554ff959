import { offsetMetres, type CameraView, type GeoPoint } from './camera-view.ts';

/**
 * The inverse side of `camera-view.ts`: points placed from a camera by metres or by bearing and
 * distance, and the outline of its view wedge. They use the same local projection as
 * `viewCovers`, so a wedge drawn from them (the register's mini-map) shows exactly the area the
 * coverage and "who could have seen it" rules count as seen.
 */

/** The point `east` and `north` metres from `origin` (inverse of `offsetMetres`, which it asks for its scale). */
export function pointAt(origin: GeoPoint, east: number, north: number): GeoPoint {
  // The projection is linear in degrees, so one degree each way gives its scale at this latitude.
  const [mPerDegLon] = offsetMetres(origin, { lat: origin.lat, lon: origin.lon + 1 });
  const [, mPerDegLat] = offsetMetres(origin, { lat: origin.lat + 1, lon: origin.lon });
  return { lat: origin.lat + north / mPerDegLat, lon: origin.lon + east / mPerDegLon };
}

/** The point `distM` metres from `origin` towards `bearingDeg` (clockwise from north). */
export function pointTowards(origin: GeoPoint, bearingDeg: number, distM: number): GeoPoint {
  const r = (bearingDeg * Math.PI) / 180;
  return pointAt(origin, distM * Math.sin(r), distM * Math.cos(r));
}

/** Compass bearing from `origin` to `p` in [0, 360), as `viewCovers` measures it. */
export function bearingTowards(origin: GeoPoint, p: GeoPoint): number {
  const [x, y] = offsetMetres(origin, p);
  const deg = (Math.atan2(x, y) * 180) / Math.PI;
  return ((deg % 360) + 360) % 360;
}

/**
 * The view wedge's outline: the camera, then the arc from one edge of the field of view to the
 * other at `rangeM`, one point every `stepDeg` at most. A 360° view is a closed circle without
 * the camera point.
 */
export function viewWedge(view: CameraView, stepDeg = 5): GeoPoint[] {
  const fov = Math.min(Math.max(view.fovDeg, 0), 360);
  const steps = Math.max(1, Math.ceil(fov / stepDeg));
  const arc: GeoPoint[] = [];
  const from = view.bearingDeg - fov / 2;
  for (let i = 0; i <= steps; i++) arc.push(pointTowards(view, from + (fov * i) / steps, view.rangeM));
  return fov >= 360 ? arc.slice(0, -1) : [{ lat: view.lat, lon: view.lon }, ...arc];
}
