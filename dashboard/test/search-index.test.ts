import type { UnitSummary } from '@camwatch/config';
import { describe, expect, it } from 'vitest';
import { fixtureMapPayload } from '../dev/fixture-fleet.ts';
import { MapStore } from '../src/map/map-store.ts';
import { buildSearchIndex, searchIndex } from '../src/map/search-index.ts';

const unit = (id: string, name: string, kind: UnitSummary['kind'], parentId: string | null): UnitSummary => ({
  id,
  name,
  kind,
  parentId,
  areaKm2: null,
  inScope: true,
  stations: 0,
  cameras: 0,
  camerasOk: 0,
  camerasDegraded: 0,
  camerasDown: 0,
  camerasUnknown: 0,
  uptime7dPct: null,
});

describe('search index', () => {
  const store = new MapStore(fixtureMapPayload(2_000));
  const units = [
    unit('LA', 'Tỉnh Long An', 'province', null),
    unit('DH', 'Huyện Đức Hòa', 'district', 'LA'),
    unit('HH', 'Xã Hiệp Hòa', 'commune', 'DH'),
    unit('HH2', 'Thị trấn Hiệp Hoà', 'township', 'DH'),
  ];
  const index = buildSearchIndex(store, units, null);

  it('finds communes and districts with or without diacritics, exact spelling first', () => {
    for (const q of ['Hiệp Hòa', 'hiep hoa', 'HIỆP HÒA'])
      expect(
        searchIndex(index, q)
          .get('communes')
          ?.map((e) => e.title),
      ).toContain('Xã Hiệp Hòa');
    expect(searchIndex(index, 'Hiệp Hòa').get('communes')?.[0]?.title).toBe('Xã Hiệp Hòa');
    expect(
      searchIndex(index, 'duc hoa')
        .get('districts')
        ?.map((e) => e.title),
    ).toEqual(['Huyện Đức Hòa']);
    expect(searchIndex(index, 'long an').has('communes')).toBe(false);
  });

  it('has no cap: every matching station and camera is returned', () => {
    const id = store.data.stations.id[0]!;
    const prefix = id.slice(0, Math.max(2, id.length - 3));
    const expected = store.data.stations.id.filter((s) => s.toLowerCase().includes(prefix.toLowerCase())).length;
    expect(expected).toBeGreaterThan(8);
    expect(searchIndex(index, prefix).get('stations')?.length).toBeGreaterThanOrEqual(expected);
    const camera = store.data.cameras.id[5]!;
    expect(
      searchIndex(index, camera)
        .get('cameras')
        ?.map((e) => e.title),
    ).toContain(camera);
  });
});
