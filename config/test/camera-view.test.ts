import { describe, expect, it } from 'vitest';
import { bearingGapDeg, metresBetween, metresToLine, viewCovers, type CameraView } from '../src/domain/camera-view.ts';

// A camera on QL1 at Bến Lức facing east (90°) with a 90° lens and 100 m of useful range.
const cam: CameraView = { lat: 10.64, lon: 106.49, bearingDeg: 90, fovDeg: 90, rangeM: 100 };
/** A point `m` metres from the camera in compass direction `deg`. */
function at(deg: number, m: number) {
  const r = (deg * Math.PI) / 180;
  const mPerDegLon = 111_320 * Math.cos((cam.lat * Math.PI) / 180);
  return { lat: cam.lat + (Math.cos(r) * m) / 110_574, lon: cam.lon + (Math.sin(r) * m) / mPerDegLon };
}

describe('camera view', () => {
  it('measures metres like a great circle does at this scale', () => {
    // 0.001° of latitude is 110.6 m anywhere; 0.001° of longitude at 10.64° N is 109.4 m.
    expect(metresBetween(cam, { lat: cam.lat + 0.001, lon: cam.lon })).toBeCloseTo(110.57, 1);
    expect(metresBetween(cam, { lat: cam.lat, lon: cam.lon + 0.001 })).toBeCloseTo(109.41, 1);
  });

  it('sees inside the wedge and within range only', () => {
    expect(viewCovers(cam, at(90, 50))).toBe(true);
    expect(viewCovers(cam, at(130, 99))).toBe(true); // 40° off axis, inside 45°
    expect(viewCovers(cam, at(140, 50))).toBe(false); // 50° off axis
    expect(viewCovers(cam, at(90, 101))).toBe(false); // beyond range
    expect(viewCovers(cam, at(270, 10))).toBe(false); // behind the camera
    expect(viewCovers(cam, cam)).toBe(true);
  });

  it('wraps bearings through north', () => {
    const north: CameraView = { ...cam, bearingDeg: 350, fovDeg: 60 };
    expect(viewCovers(north, at(15, 50))).toBe(true); // 25° from 350 through 0
    expect(viewCovers(north, at(30, 50))).toBe(false);
    expect(bearingGapDeg(350, 10)).toBe(20);
    expect(bearingGapDeg(10, 350)).toBe(20);
  });

  it('a dome camera sees all round within range', () => {
    expect(viewCovers({ ...cam, fovDeg: 360 }, at(270, 80))).toBe(true);
    expect(viewCovers({ ...cam, fovDeg: 360 }, at(270, 120))).toBe(false);
  });

  it('measures the distance to a road polyline, ends included', () => {
    const a = at(0, 100);
    const b = at(90, 100);
    const road = [
      [a.lon, a.lat],
      [b.lon, b.lat],
    ];
    // The chord from north to east at 100 m passes 70.7 m from the camera.
    expect(metresToLine(cam, road)).toBeCloseTo(70.71, 0);
    expect(metresToLine(at(0, 150), road)).toBeCloseTo(50, 0); // nearest is the end point
    expect(metresToLine(cam, [])).toBe(Infinity);
  });
});
