import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { MAIN_ROADS } from '../src/fleet/data/long-an-geography.ts';
import type { LonLat } from '../src/fleet/data/long-an-units.ts';
import { generateFleet } from '../src/fleet/generate-fleet.ts';
import { buildGeography } from '../src/fleet/geography.ts';
import { localProjection } from '../src/fleet/planar.ts';
import { importRoads } from '../src/fleet/road-import.ts';
import { osmFixture } from './osm-roads-fixture.ts';

/** Distance in km from a point to a polyline, in the generator's local projection. */
function kmToLine(p: LonLat, lines: LonLat[][]): number {
  const proj = localProjection([106.15, 10.7]);
  const [px, py] = proj.toXY(p);
  let best = Infinity;
  for (const l of lines) {
    const xy = l.map((q) => proj.toXY(q));
    for (let i = 1; i < xy.length; i++) {
      const [ax, ay] = xy[i - 1] as [number, number];
      const [bx, by] = xy[i] as [number, number];
      const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
      best = Math.min(best, Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay))));
    }
  }
  return best;
}

describe('importing road geometry', () => {
  it('matches QL1, N2, QL50, QL62 by ref or name, keeps other named roads, lists the rest', () => {
    const r = importRoads(osmFixture());
    expect(r.main.map((m) => [m.code, m.lines.length])).toEqual([
      ['QL1', 2],
      ['N2', 1],
      ['QL50', 1],
      ['QL62', 1],
    ]);
    expect(r.absent).toEqual([]);
    expect(r.other.map((o) => [o.code, o.name, o.ref, o.kind])).toEqual([
      ['ĐT.830', 'Đường tỉnh 830', 'ĐT.830', 'provincial'],
      ['Đường liên xã Mỹ Yên', 'Đường liên xã Mỹ Yên', null, 'local'],
    ]);
    expect(r.unmatched).toEqual(['#8 (no ref or name)', '#9 Chợ Bến Lức (geometry Point, expected LineString or MultiLineString)']);
    expect(() => importRoads({ type: 'Feature' })).toThrow(/FeatureCollection/);
  });

  it('says which priority roads the file lacks', () => {
    const fc = osmFixture();
    fc.features = fc.features.filter((f) => f.properties?.ref !== 'QL 50');
    expect(importRoads(fc).absent).toEqual(['QL50']);
  });

  it('puts main-road stations on the imported geometry and writes it to roads.geojson', () => {
    const roads = importRoads(osmFixture());
    const fleet = generateFleet({ seed: 1, roads });
    expect(fleet.summary).toMatchObject({ stations: 670, cameras: 1696, roadSigns: 115 });
    const onMain = fleet.inventory.stations.filter((s) => roads.main.some((m) => m.code === s.road));
    expect(onMain.length).toBeGreaterThan(100);
    for (const s of onMain) {
      const lines = roads.main.find((m) => m.code === s.road)?.lines ?? [];
      expect(kmToLine([s.lon, s.lat], lines), s.id).toBeLessThan(0.11);
    }
    // Against the hand-drawn paths they replaced, most are now off by about the shift.
    const offOld = onMain.filter((s) => kmToLine([s.lon, s.lat], [MAIN_ROADS.find((r) => r.code === s.road)?.path ?? []]) > 0.3);
    expect(offOld.length).toBeGreaterThan(onMain.length / 2);
    // Still inside their commune.
    const cell = new Map(fleet.geo.units.features.map((f) => [f.properties.id, f]));
    for (const s of onMain) expect(booleanPointInPolygon([s.lon, s.lat], cell.get(s.unitId) ?? fleet.geo.outline), s.id).toBe(true);

    const written = fleet.geo.roads.features.map((f) => f.properties);
    expect(written.filter((p) => p.kind === 'main').map((p) => p.ref)).toEqual(['QL1', 'QL1', 'N2', 'QL50', 'QL62']);
    expect(written.find((p) => p.ref === 'ĐT.830')).toEqual({
      code: 'ĐT.830',
      name: 'Đường tỉnh 830',
      kind: 'provincial',
      unitId: null,
      ref: 'ĐT.830',
    });
    expect(written.find((p) => p.name === 'Đường liên xã Mỹ Yên')).toMatchObject({ kind: 'local', unitId: null });
    expect(written.find((p) => p.name === 'Đường liên xã Mỹ Yên')).not.toHaveProperty('ref');
    const ql1 = fleet.geo.roads.features.filter((f) => f.properties.ref === 'QL1').flatMap((f) => f.geometry.coordinates);
    expect(ql1[0]).toEqual([...(roads.main[0]?.lines[0]?.[0] ?? [])]);
  });

  it('hands the other imported roads to the communes they cross, for stations to stand on', () => {
    const roads = importRoads(osmFixture());
    const geo = buildGeography(undefined, roads);
    const dt830 = geo.communes.flatMap((c) => c.localRoads.filter((r) => r.name === 'ĐT.830').map((r) => ({ c, r })));
    expect(dt830.length).toBeGreaterThan(0);
    for (const { c, r } of dt830) {
      expect(r.imported).toBe(true);
      for (const p of r.points) {
        expect(kmToLine([p.lon, p.lat], roads.other[0]?.lines ?? [])).toBeLessThan(0.01);
        expect(booleanPointInPolygon([p.lon, p.lat], c.area)).toBe(true);
      }
    }
    // ĐT.830 is about 6.4 km long: sampled every 100 m across its communes.
    expect(dt830.reduce((n, { r }) => n + r.points.length, 0)).toBeGreaterThan(55);
    // Stations that chose it (some do, in these seeds) stand on it.
    const onIt = [1, 2, 3].flatMap((seed) => generateFleet({ seed, roads }).inventory.stations.filter((x) => x.road === 'ĐT.830'));
    expect(onIt.length).toBeGreaterThan(0);
    for (const s of onIt) expect(kmToLine([s.lon, s.lat], roads.other[0]?.lines ?? []), s.id).toBeLessThan(0.11);
  });

  it('keeps the generated fleet on the hand-drawn roads when no file is given', () => {
    const fleet = generateFleet({ seed: 1 });
    const main = fleet.geo.roads.features.filter((f) => f.properties.kind === 'main');
    expect(main.map((f) => [f.properties.code, f.properties.ref])).toEqual(MAIN_ROADS.map((r) => [r.code, r.code]));
    expect(main[0]?.geometry.coordinates).toEqual(MAIN_ROADS[0]?.path.map((p) => [...p]));
  });
});
