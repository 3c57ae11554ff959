import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { isComplete, matchBoundaries } from '../src/fleet/boundaries.ts';
import { communeKey, districtKey } from '../src/fleet/boundary-names.ts';
import { areaKm2 } from '../src/fleet/commune-cells.ts';
import { DISTRICTS } from '../src/fleet/data/long-an-units.ts';
import { generateFleet } from '../src/fleet/generate-fleet.ts';
import { communeIdentities, districtId } from '../src/fleet/unit-ids.ts';
import { gadmFeatureOf, gadmFixture, UNACCENTED } from './gadm-fixture.ts';

const square = (lon: number, lat: number, d: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon - d, lat - d],
      [lon + d, lat - d],
      [lon + d, lat + d],
      [lon - d, lat + d],
      [lon - d, lat - d],
    ],
  ],
});
const feature = (properties: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties, geometry });
const names = new Map(DISTRICTS.map((d) => [districtId(d.code), d.name]));
const units = communeIdentities();
const idOf = (district: string, name: string) => units.find((u) => u.districtId === district && u.seed.name === name)?.id;

describe('boundary name keys', () => {
  it('normalise spaces, the type word and tone placement, and keep diacritics', () => {
    expect(communeKey('PhướcLợi').exact).toBe(communeKey('Xã Phước Lợi').exact);
    expect(communeKey('Phường1').exact).toBe(communeKey('Phường 1').exact);
    expect(communeKey('HiệpHòa(Thịtrấn)')).toMatchObject({ exact: communeKey('Xã Hiệp Hòa').exact, kind: 'township' });
    expect(communeKey('BìnhHoàBắc').exact).toBe(communeKey('Xã Bình Hòa Bắc').exact);
    expect(communeKey('Thủy Đông').exact).toBe(communeKey('Thuỷ Đông').exact);
    expect(communeKey('Tân Thành').exact).not.toBe(communeKey('Tân Thạnh').exact);
    expect(communeKey('Tân Thành').folded).toBe(communeKey('Tân Thạnh').folded);
    expect(districtKey('TânThạnh')).toBe(districtKey('Huyện Tân Thạnh'));
    expect(districtKey('KiếnTường')).toBe(districtKey('Thị xã Kiến Tường'));
  });

  it('our list holds the near-identical pairs GADM users trip on', () => {
    for (const [d, a, b] of [
      ['LA-TTH', 'Thị trấn Tân Thạnh', 'Xã Tân Thành'],
      ['LA-TTA', 'Xã Long Thành', 'Xã Long Thạnh'],
    ] as const) {
      expect(idOf(d, a), a).toBeDefined();
      expect(idOf(d, b), b).toBeDefined();
    }
  });
});

describe('importing a GADM-shaped boundary file', () => {
  const fc = gadmFixture();

  it('matches all 192 units, by exact spelling first, and skips other provinces', () => {
    const result = matchBoundaries(fc, units, names);
    expect(result.problems).toEqual([]);
    expect(result.missing).toEqual([]);
    expect(result.areas.size).toBe(192);
    expect(result.matchedBy).toEqual({ id: 0, exact: 191, folded: 1 });
    expect(result.absorbed).toBe(1);
    expect(result.rejects['other-province']).toBe(1);
    expect(isComplete(result)).toBe(true);
    const unaccented = fc.features.find((f) => f.properties.NAME_3 === UNACCENTED.written);
    expect(result.areas.get(idOf(UNACCENTED.district, UNACCENTED.name) ?? '')).toBe(unaccented?.geometry);
  });

  it('gives each of the near-identical names its own polygon', () => {
    const result = matchBoundaries(fc, units, names);
    for (const [d, nameNoSpaces, unit] of [
      ['TânThạnh', 'TânThạnh(Thịtrấn)', 'Thị trấn Tân Thạnh'],
      ['TânThạnh', 'TânThành', 'Xã Tân Thành'],
      ['ThủThừa', 'LongThành', 'Xã Long Thành'],
      ['ThủThừa', 'LongThạnh', 'Xã Long Thạnh'],
    ] as const) {
      const f = gadmFeatureOf(fc, d, nameNoSpaces);
      expect(f, nameNoSpaces).toBeDefined();
      expect(result.areas.get(idOf(`LA-${d === 'TânThạnh' ? 'TTH' : 'TTA'}`, unit) ?? ''), unit).toBe(f?.geometry);
    }
  });

  it('joins the township of Hiệp Hòa to the commune our list counts it in', () => {
    const result = matchBoundaries(fc, units, names);
    const commune = gadmFeatureOf(fc, 'ĐứcHòa', 'HiệpHòa');
    const town = gadmFeatureOf(fc, 'ĐứcHòa', 'HiệpHòa(Thịtrấn)');
    if (!commune || !town) throw new Error('fixture lacks Hiệp Hòa');
    const joined = result.areas.get(idOf('LA-DHO', 'Xã Hiệp Hòa') ?? '');
    expect(joined && areaKm2(joined)).toBeCloseTo(areaKm2(commune.geometry) + areaKm2(town.geometry), 1);
    expect(areaKm2(town.geometry)).toBeGreaterThan(1);
  });

  it('never lets diacritic folding choose between two real names', () => {
    const edited = gadmFixture();
    // Typed without diacritics and without a type: "Tan Thanh" could be either unit of Tân Thạnh district.
    const tanThanh = gadmFeatureOf(edited, 'TânThạnh', 'TânThành');
    const longThanh = gadmFeatureOf(edited, 'ThủThừa', 'LongThạnh');
    if (!tanThanh || !longThanh) throw new Error('fixture lacks the pairs');
    tanThanh.properties = { ...tanThanh.properties, NAME_3: 'TanThanh', TYPE_3: 'NA', ENGTYPE_3: 'NA' };
    longThanh.properties = { ...longThanh.properties, NAME_3: 'LongThanh' };
    const result = matchBoundaries(edited, units, names);
    expect(result.problems.map((p) => [p.feature.split(' ')[0], p.reason])).toEqual([
      ['TanThanh', 'ambiguous'],
      ['LongThanh', 'ambiguous'],
    ]);
    expect(result.problems[0]?.detail).toMatch(/Thị trấn Tân Thạnh.*Xã Tân Thành/);
    expect(result.missing).toEqual(['Xã Tân Thành (Huyện Tân Thạnh)', 'Xã Long Thạnh (Huyện Thủ Thừa)']);
    expect(isComplete(result)).toBe(false);
    // A stated type tells the township from the commune, so then the fallback may use the one left.
    tanThanh.properties = { ...tanThanh.properties, TYPE_3: 'Xã' };
    const typed = matchBoundaries(edited, units, names);
    expect(typed.areas.get(idOf('LA-TTH', 'Xã Tân Thành') ?? '')).toBe(tanThanh.geometry);
    expect(typed.matchedBy.folded).toBe(2);
  });

  it('lists both sides when units are missing from the file', () => {
    const cut = gadmFixture();
    cut.features = cut.features.filter((f) => !['PhướcLợi', 'Phường7'].includes(f.properties.NAME_3 ?? ''));
    const result = matchBoundaries(cut, units, names);
    expect(result.areas.size).toBe(190);
    expect(result.missing).toEqual(['Phường 7 (Thành phố Tân An)', 'Xã Phước Lợi (Huyện Bến Lức)']);
    expect(isComplete(result)).toBe(false);
  });

  it('takes unit areas and the province outline from the imported polygons, and keeps stations inside both', () => {
    const boundaries = matchBoundaries(fc, units, names);
    const fleet = generateFleet({ seed: 1, boundaries });
    const imported = fleet.geo.units.features;
    const sum = imported.reduce((s, f) => s + f.properties.areaKm2, 0);
    const traced = generateFleet({ seed: 1 }).geo.outline.properties.areaKm2;
    // The fixture is the generated map shrunk by 5 %: 0.9025 of the traced outline's area.
    expect(fleet.geo.outline.properties.areaKm2 / traced).toBeCloseTo(0.9025, 2);
    expect(Math.abs(fleet.geo.outline.properties.areaKm2 - sum) / sum).toBeLessThan(0.005);
    const phuocLoi = gadmFeatureOf(fc, 'BếnLức', 'PhướcLợi');
    const unit = fleet.inventory.units.find((u) => u.id === idOf('LA-BL', 'Xã Phước Lợi'));
    expect(unit?.areaKm2).toBeCloseTo(areaKm2(phuocLoi?.geometry as Polygon), 2);
    expect(fleet.summary).toMatchObject({ stations: 670, cameras: 1696, roadSigns: 115, equipped: 112 });
    const cell = new Map(imported.map((f) => [f.properties.id, f]));
    const outside = [...fleet.inventory.stations, ...fleet.inventory.roadSigns].filter((s) => {
      const own = cell.get(s.unitId);
      return !own || !booleanPointInPolygon([s.lon, s.lat], own) || !booleanPointInPolygon([s.lon, s.lat], fleet.geo.outline);
    });
    expect(outside.map((s) => s.id)).toEqual([]);
  });
});

describe('importing hand-made boundary files', () => {
  const base = generateFleet({ seed: 1 }).inventory.units;
  const unit = (name: string, parentId: string) => {
    const u = base.find((x) => x.name === name && x.parentId === parentId);
    if (!u?.lon || !u.lat) throw new Error(`no ${name}`);
    return u as typeof u & { lon: number; lat: number };
  };
  const myLoc = unit('Xã Mỹ Lộc', 'LA-CG');
  const phuocLoi = unit('Xã Phước Lợi', 'LA-BL');
  const input = {
    type: 'FeatureCollection',
    features: [
      feature({ id: myLoc.id }, square(myLoc.lon, myLoc.lat, 0.01)),
      feature({ NAME_3: 'Phước Lợi', NAME_2: 'Bến Lức' }, square(phuocLoi.lon, phuocLoi.lat, 0.008)),
      feature({ name: 'Tân Thành' }, square(106, 10.7, 0.01)),
      feature({ name: 'Xã Không Có' }, square(106, 10.7, 0.01)),
      feature({ name: 'Tân Lập', district: 'Huyện Không Có' }, square(106, 10.7, 0.01)),
      feature({ id: 'LA-BL-AT' }, { type: 'Point', coordinates: [106.4, 10.7] }),
      'not a feature',
    ],
  };

  it('matches by id or by name and district, and lists what it cannot use with why', () => {
    const result = matchBoundaries(input, units, names);
    expect([...result.areas.keys()].sort()).toEqual([phuocLoi.id, myLoc.id].sort());
    expect(result.rejects).toEqual({
      'not-a-feature': 1,
      'not-a-polygon': 1,
      'other-province': 0,
      unmatched: 2,
      ambiguous: 1,
      duplicate: 0,
    });
    expect(result.problems.map((p) => `${p.feature}: ${p.reason}`)).toEqual([
      'Tân Lập (Huyện Không Có): unmatched',
      'LA-BL-AT: not-a-polygon',
      'feature #7: not-a-feature',
      'Tân Thành: ambiguous',
      'Xã Không Có: unmatched',
    ]);
    expect(result.missing).toHaveLength(190);
    expect(() => matchBoundaries({ type: 'Feature' }, units, names)).toThrow(/FeatureCollection/);
  });

  it('uses imported areas for the map, the unit areas and station placement', () => {
    const boundaries = matchBoundaries(input, units, names);
    const fleet = generateFleet({ seed: 1, boundaries });
    const cell = fleet.geo.units.features.find((f) => f.properties.id === myLoc.id);
    expect(cell?.geometry).toEqual(square(myLoc.lon, myLoc.lat, 0.01));
    // 0.02° × 0.02° at 10.6° N is about 2.19 km × 2.21 km.
    expect(cell?.properties.areaKm2).toBeGreaterThan(4.6);
    expect(cell?.properties.areaKm2).toBeLessThan(5.0);
    expect(fleet.inventory.units.find((u) => u.id === myLoc.id)?.areaKm2).toBe(cell?.properties.areaKm2);
    const stations = fleet.inventory.stations.filter((s) => s.unitId === myLoc.id || s.unitId === phuocLoi.id);
    expect(stations.length).toBeGreaterThan(1);
    for (const s of stations) {
      const own = s.unitId === myLoc.id ? square(myLoc.lon, myLoc.lat, 0.01) : square(phuocLoi.lon, phuocLoi.lat, 0.008);
      expect(booleanPointInPolygon([s.lon, s.lat], own), s.id).toBe(true);
    }
    expect(fleet.summary).toMatchObject({ stations: 670, cameras: 1696, roadSigns: 115 });
  });
});
