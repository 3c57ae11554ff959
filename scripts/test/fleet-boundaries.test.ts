import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { matchBoundaries } from '../src/fleet/boundaries.ts';
import { DISTRICTS } from '../src/fleet/data/long-an-units.ts';
import { generateFleet } from '../src/fleet/generate-fleet.ts';
import { communeIdentities, districtId } from '../src/fleet/unit-ids.ts';

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

describe('importing real commune boundaries', () => {
  const base = generateFleet({ seed: 1 }).inventory.units;
  const unit = (name: string, parentId: string) => {
    const u = base.find((x) => x.name === name && x.parentId === parentId);
    if (!u?.lon || !u.lat) throw new Error(`no ${name}`);
    return u as typeof u & { lon: number; lat: number };
  };
  const myLoc = unit('Xã Mỹ Lộc', 'LA-CG');
  const phuocLoi = unit('Xã Phước Lợi', 'LA-BL');
  const names = new Map(DISTRICTS.map((d) => [districtId(d.code), d.name]));
  const input = {
    type: 'FeatureCollection',
    features: [
      feature({ id: myLoc.id }, square(myLoc.lon, myLoc.lat, 0.01)),
      // GADM-style names: no "Xã" prefix, district in NAME_2.
      feature({ NAME_3: 'Phước Lợi', NAME_2: 'Bến Lức' }, square(phuocLoi.lon, phuocLoi.lat, 0.008)),
      feature({ name: 'Tân Thành' }, square(106, 10.7, 0.01)),
      feature({ name: 'Xã Không Có' }, square(106, 10.7, 0.01)),
      feature({ id: 'LA-BL-AT' }, { type: 'Point', coordinates: [106.4, 10.7] }),
      'not a feature',
    ],
  };

  it('matches by id or by name and district, and counts what it cannot use', () => {
    const result = matchBoundaries(input, communeIdentities(), names);
    expect([...result.areas.keys()].sort()).toEqual([phuocLoi.id, myLoc.id].sort());
    expect(result.rejects).toEqual({ 'not-a-feature': 1, 'not-a-polygon': 1, unmatched: 1, ambiguous: 1, duplicate: 0 });
    expect(result.unmatched).toEqual(['Tân Thành', 'Xã Không Có']);
    expect(() => matchBoundaries({ type: 'Feature' }, communeIdentities(), names)).toThrow(/FeatureCollection/);
  });

  it('uses imported areas for the map, the unit areas and station placement', () => {
    const boundaries = matchBoundaries(input, communeIdentities(), names);
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
