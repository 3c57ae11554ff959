import type { GeoFeature } from '@camwatch/config';
import { describe, expect, it } from 'vitest';
import { fixtureMapPayload } from '../dev/fixture-fleet.ts';
import { buildShading, camerasPerUnit, leafUnitIds, quantileBreaks } from '../src/map/choropleth.ts';
import { featureAreaKm2 } from '../src/map/geo-area.ts';
import { MapStore } from '../src/map/map-store.ts';

const square = (id: string, lon: number, lat: number, size: number, parentId?: string): GeoFeature => ({
  type: 'Feature',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
      ],
    ],
  },
  properties: { id, ...(parentId ? { parentId } : {}) },
});

describe('commune shading', () => {
  it('computes a polygon area close to the geodesic one', () => {
    // 0.1° × 0.1° at 10.6° N: 11.13 km × 10.94 km ≈ 121.7 km².
    expect(featureAreaKm2(square('A', 106, 10.55, 0.1))).toBeCloseTo(121.7, 0);
  });

  it('picks increasing, readable quintile breaks', () => {
    const breaks = quantileBreaks([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 40]);
    expect(breaks).toEqual([...breaks].sort((a, b) => a - b));
    expect(new Set(breaks).size).toBe(breaks.length);
    expect(breaks.every((b) => b > 0)).toBe(true);
  });

  it('counts cameras per commune from the map and gives communes without cameras their own colour', () => {
    const payload = fixtureMapPayload(2000, 5);
    const store = new MapStore(payload);
    const counts = camerasPerUnit(store);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(2000);
    const features = [...payload.units.id.slice(0, 30).map((id, k) => square(id, 106 + k * 0.1, 10.5, 0.1)), square('EMPTY', 105, 10, 0.1)];
    const shading = buildShading('count', features, store, []);
    expect(shading.valueOf('EMPTY')).toBe(0);
    const emptyColour = shading.scale.colourOf(0);
    for (const id of payload.units.id.slice(0, 30)) {
      if ((counts.get(id) ?? 0) > 0) expect(shading.scale.colourOf(shading.valueOf(id))).not.toBe(emptyColour);
    }
    const density = buildShading('density', features, store, []);
    const id = payload.units.id[0]!;
    expect(density.valueOf(id)).toBeCloseTo((counts.get(id) ?? 0) / featureAreaKm2(features[0]!), 6);
  });

  it("shades by the share of road length covered from the hub's figures, dark where little is covered", () => {
    const store = new MapStore(fixtureMapPayload(10, 1));
    const features = [square('A', 106, 10, 0.1), square('B', 106.1, 10, 0.1), square('C', 106.2, 10, 0.1)];
    const shares = new Map<string, number | null>([
      ['A', 2],
      ['B', 60],
      ['C', null],
    ]);
    const shading = buildShading('roads', features, store, [], shares);
    expect([shading.valueOf('A'), shading.valueOf('B'), shading.valueOf('C')]).toEqual([2, 60, null]);
    const [low, high, none] = ['A', 'B', 'C'].map((id) => shading.scale.colourOf(shading.valueOf(id)));
    expect(new Set([low, high, none]).size).toBe(3);
    expect(low).toBe(shading.scale.colours[0]);
    expect(high).toBe(shading.scale.colours.at(-1));
    // Before the figures arrive every unit reads "no data".
    expect(buildShading('roads', features, store, []).valueOf('A')).toBeNull();
  });

  it('fills only the leaves of the unit tree', () => {
    const features = [square('D1', 106, 10, 1), square('C1', 106, 10, 0.5, 'D1'), square('C2', 106.5, 10, 0.5, 'D1')];
    expect([...leafUnitIds(features, [])].sort()).toEqual(['C1', 'C2']);
  });
});
