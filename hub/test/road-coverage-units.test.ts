import { describe, expect, it } from 'vitest';
import { metresBetween } from '@camwatch/config';
import { splitLine } from '../src/coverage/road-segments.ts';
import { classifyRoads, summarizeRoad, type CoverageView } from '../src/coverage/road-coverage.ts';
import { ViewGrid } from '../src/coverage/view-grid.ts';
import { viewCovers } from '@camwatch/config';

// An L-shaped road: 0.002° north (≈221 m), then 0.002° east (≈218 m at 10.6° N).
const L_ROAD = [
  [106.6, 10.6],
  [106.6, 10.602],
  [106.602, 10.602],
];
const legs =
  metresBetween({ lon: 106.6, lat: 10.6 }, { lon: 106.6, lat: 10.602 }) +
  metresBetween({ lon: 106.6, lat: 10.602 }, { lon: 106.602, lat: 10.602 });

describe('road stretches and the view grid', () => {
  it('splits a bent line into 50 m stretches that add up to its length and keep the corner', () => {
    const s = splitLine(L_ROAD, 50);
    expect(s.length).toBe(Math.ceil(legs / 50));
    expect(s.at(-1)!.toM).toBeCloseTo(legs, 6);
    s.slice(0, -1).forEach((x) => expect(x.toM - x.fromM).toBeCloseTo(50, 6));
    const corner = s.filter((x) => x.via.length > 0);
    expect(corner).toHaveLength(1);
    expect(corner[0]!.via).toEqual([[106.6, 10.602]]);
    expect(() => splitLine(L_ROAD, 0)).toThrow(/must be > 0/);
  });

  it('draws a run round the corner with the corner in its path, and no point per stretch on a straight edge', () => {
    const [c] = classifyRoads([{ id: 'L', code: 'L', name: 'L', kind: 'local', unitId: 'C1', coordinates: L_ROAD }], [], 50, () => null);
    const r = summarizeRoad(c!, () => true)!;
    expect(r.stretches).toHaveLength(1);
    expect(r.stretches[0]!.path).toEqual(L_ROAD);
    expect(r.gaps[0]!.lengthKm).toBeCloseTo(legs / 1000, 3);
  });

  it('finds exactly the views the naive loop finds', () => {
    const views: CoverageView[] = [];
    for (let i = 0; i < 400; i++)
      views.push({
        lat: 10.6 + ((i * 37) % 100) / 10_000,
        lon: 106.6 + ((i * 53) % 100) / 10_000,
        bearingDeg: (i * 71) % 360,
        fovDeg: 40 + (i % 5) * 30,
        rangeM: 20 + (i % 7) * 40,
        working: i % 3 === 0,
      });
    const grid = new ViewGrid(views, 100);
    for (let k = 0; k < 500; k++) {
      const p = { lat: 10.6 + ((k * 13) % 120) / 10_000, lon: 106.6 + ((k * 29) % 120) / 10_000 };
      const naive = views.filter((v) => viewCovers(v, p));
      const near = grid.near(p).filter((v) => viewCovers(v, p));
      expect(new Set(near)).toEqual(new Set(naive));
    }
  });
});
