import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@camwatch/testkit';
import { aggregateInView, groupRadius, projectPositions, type GridView } from '../src/map/private-camera-grid.ts';

/** The private-camera layer's projection and screen grid, without a browser. */
describe('private camera grid', () => {
  it('projects as Web Mercator at zoom 0 (256 px world)', () => {
    const p = projectPositions([0, 85.0511287798, -85.0511287798, 10.5354], [0, -180, 180, 106.4075]);
    expect(p.x[0]).toBeCloseTo(128, 9);
    expect(p.y[0]).toBeCloseTo(128, 9);
    expect(p.x[1]).toBeCloseTo(0, 9);
    expect(p.y[1]).toBeCloseTo(0, 6);
    expect(p.x[2]).toBeCloseTo(256, 9);
    expect(p.y[2]).toBeCloseTo(256, 6);
    // Tân An: y from the textbook formula ln(tan(π/4 + φ/2)).
    const phi = (10.5354 * Math.PI) / 180;
    expect(p.y[3]).toBeCloseTo((1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) * 128, 9);
    expect(p.x[3]).toBeCloseTo(((106.4075 + 180) / 360) * 256, 9);
  });

  /** Random points on a 1,000 × 600 px canvas at scale 1 (world px = canvas px + offset). */
  function scatter(n: number, seed: number) {
    const random = mulberry32(seed);
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = 100 + random() * 1200; // some fall outside the canvas on either side
      y[i] = 50 + random() * 700;
    }
    return { x, y };
  }
  const view: GridView = { scale: 1, offsetX: 200, offsetY: 100, width: 1000, height: 600, cellPx: 48 };
  const inside = (points: { x: Float64Array; y: Float64Array }) =>
    points.x.filter((x, i) => x - 200 >= 0 && x - 200 < 1000 && points.y[i]! - 100 >= 0 && points.y[i]! - 100 < 600).length;

  it('draws every camera in view one by one up to the limit, and none outside the canvas', () => {
    const points = scatter(900, 3);
    const grid = aggregateInView(points, view, 1500);
    expect(grid.groups).toEqual([]);
    expect(grid.visible).toBe(inside(points));
    expect(grid.singles).toHaveLength(2 * grid.visible);
    for (let k = 0; k < grid.singles.length; k += 2) {
      expect(grid.singles[k]).toBeGreaterThanOrEqual(0);
      expect(grid.singles[k]).toBeLessThan(1000);
      expect(grid.singles[k + 1]).toBeGreaterThanOrEqual(0);
      expect(grid.singles[k + 1]).toBeLessThan(600);
    }
  });

  it('beyond the limit counts every camera in view exactly once, in discs that do not overlap', () => {
    const points = scatter(25_000, 5);
    const grid = aggregateInView(points, view, 1500);
    const counted = grid.singles.length / 2 + grid.groups.reduce((a, g) => a + g.c, 0);
    expect(grid.visible).toBe(inside(points));
    expect(counted).toBe(grid.visible);
    // A 1,000 × 600 canvas in 48 px cells has 21 × 13 of them: far fewer marks than cameras.
    expect(grid.groups.length + grid.singles.length / 2).toBeLessThanOrEqual(21 * 13);
    // No two discs (radius plus a 1 px outline) overlap.
    for (const [a, p] of grid.groups.entries())
      for (const q of grid.groups.slice(a + 1))
        expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeGreaterThanOrEqual(groupRadius(p.c) + groupRadius(q.c) + 2);
  });

  it('puts a group at the mean position of its cameras', () => {
    // Three cameras in one cell and one alone, far away; a limit of 1 forces the grid.
    const points = { x: Float64Array.from([210, 220, 230, 900]), y: Float64Array.from([110, 120, 140, 500]) };
    const grid = aggregateInView(points, view, 1);
    expect(grid.groups).toHaveLength(1);
    expect(grid.groups[0]).toMatchObject({ x: 20, y: 23.333333333333332, c: 3 });
    expect(grid.singles).toEqual([700, 400]);
  });

  it('keeps a group’s disc inside its cell when its cameras crowd a corner', () => {
    // Two cameras in the top-left corner of the first cell (canvas px 1, 1 and 2, 2).
    const points = { x: Float64Array.from([201, 202, 900]), y: Float64Array.from([101, 102, 500]) };
    const grid = aggregateInView(points, view, 1);
    const r = groupRadius(2) + 1;
    expect(grid.groups).toEqual([{ x: r, y: r, c: 2 }]);
  });
});
