/**
 * Where a camera can see: the one rule shared by road coverage, the "who could have seen it"
 * query and the private-camera register. A camera sees a point when the point lies within its
 * useful range and inside its horizontal field of view (a wedge centred on its bearing).
 *
 * Distances use a local equirectangular projection around the camera. Over a camera's range
 * (≤ 2 km) its error is far below a GPS fix's, and it is much cheaper than great circles when
 * a province's roads are tested against 25,000 cameras.
 */

export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface CameraView extends GeoPoint {
  /** Direction the camera faces, degrees clockwise from north. */
  bearingDeg: number;
  /** Horizontal field of view in degrees (360 = dome camera seeing all round). */
  fovDeg: number;
  /** Useful viewing distance in metres. */
  rangeM: number;
}

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON_EQUATOR = 111_320;

/** Metres east and north of `origin` (local projection; fine within a few km). */
export function offsetMetres(origin: GeoPoint, p: GeoPoint): [east: number, north: number] {
  const mPerDegLon = M_PER_DEG_LON_EQUATOR * Math.cos((origin.lat * Math.PI) / 180);
  return [(p.lon - origin.lon) * mPerDegLon, (p.lat - origin.lat) * M_PER_DEG_LAT];
}

/** Distance in metres between two nearby points. */
export function metresBetween(a: GeoPoint, b: GeoPoint): number {
  const [x, y] = offsetMetres(a, b);
  return Math.hypot(x, y);
}

/** Smallest absolute difference between two compass bearings, in [0, 180]. */
export function bearingGapDeg(a: number, b: number): number {
  const d = (((a - b) % 360) + 360) % 360;
  return d > 180 ? 360 - d : d;
}

/** True when the camera's view wedge contains the point (its own position counts as seen). */
export function viewCovers(view: CameraView, point: GeoPoint): boolean {
  const [x, y] = offsetMetres(view, point);
  const dist = Math.hypot(x, y);
  if (dist > view.rangeM) return false;
  if (dist < 1 || view.fovDeg >= 360) return true;
  const toPoint = (Math.atan2(x, y) * 180) / Math.PI;
  return bearingGapDeg(toPoint, view.bearingDeg) <= view.fovDeg / 2;
}

/**
 * Shortest distance in metres from a point to a polyline given as GeoJSON positions
 * ([lon, lat] pairs), e.g. a road. A line with no positions is infinitely far.
 */
export function metresToLine(point: GeoPoint, line: readonly (readonly number[])[]): number {
  let best = Infinity;
  let prev: [number, number] | null = null;
  for (const pos of line) {
    const cur = offsetMetres(point, { lon: pos[0] as number, lat: pos[1] as number });
    if (prev === null) best = Math.min(best, Math.hypot(cur[0], cur[1]));
    else best = Math.min(best, segmentDistance(prev, cur));
    prev = cur;
  }
  return best;
}

/** Distance from the origin to the segment a–b in the plane. */
function segmentDistance(a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(a[0] * dx + a[1] * dy) / len2));
  return Math.hypot(a[0] + t * dx, a[1] + t * dy);
}
