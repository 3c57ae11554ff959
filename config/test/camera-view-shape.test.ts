import { describe, expect, it } from 'vitest';
import { metresBetween, viewCovers, type CameraView } from '../src/domain/camera-view.ts';
import { bearingTowards, pointAt, pointTowards, viewWedge } from '../src/domain/camera-view-shape.ts';

// A household camera in Phước Lợi facing south-east, 90° lens, 30 m of useful range.
const cam: CameraView = { lat: 10.612345, lon: 106.601234, bearingDeg: 135, fovDeg: 90, rangeM: 30 };

describe('camera view shape', () => {
  it('places points by metres and by bearing as offsetMetres measures them back', () => {
    const p = pointAt(cam, 40, -25);
    expect(metresBetween(cam, p)).toBeCloseTo(Math.hypot(40, 25), 6);
    for (const b of [0, 45, 135, 180, 270, 359]) {
      const q = pointTowards(cam, b, 120);
      expect(metresBetween(cam, q)).toBeCloseTo(120, 6);
      expect(bearingTowards(cam, q)).toBeCloseTo(b, 6);
    }
  });

  it('gives bearings in [0, 360), west of north included', () => {
    expect(bearingTowards(cam, pointAt(cam, -10, 10))).toBeCloseTo(315, 6);
    expect(bearingTowards(cam, pointAt(cam, 0, -10))).toBeCloseTo(180, 6);
  });

  it('outlines exactly the area viewCovers counts as seen', () => {
    const ring = viewWedge(cam);
    expect(ring[0]).toEqual({ lat: cam.lat, lon: cam.lon });
    // 90° in 5° steps: 19 arc points, each at the range on the wedge's edge or inside it.
    expect(ring).toHaveLength(20);
    for (const p of ring.slice(1)) {
      expect(metresBetween(cam, p)).toBeCloseTo(30, 6);
      expect(viewCovers(cam, pointTowards(cam, bearingTowards(cam, p), 29.9))).toBe(true);
    }
    expect(bearingTowards(cam, ring[1]!)).toBeCloseTo(90, 6);
    expect(bearingTowards(cam, ring.at(-1)!)).toBeCloseTo(180, 6);
    // Just past either edge, or just past the range, is not seen.
    expect(viewCovers(cam, pointTowards(cam, 88, 20))).toBe(false);
    expect(viewCovers(cam, pointTowards(cam, 182, 20))).toBe(false);
    expect(viewCovers(cam, pointTowards(cam, 135, 30.5))).toBe(false);
  });

  it('draws a dome camera as a circle around it', () => {
    const ring = viewWedge({ ...cam, fovDeg: 360 });
    expect(ring).toHaveLength(72);
    for (const p of ring) expect(metresBetween(cam, p)).toBeCloseTo(30, 6);
  });
});
