import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Map layers around the fixture inventory (fixture-inventory.ts), written as the fleet
 * generator writes them:
 * - QL1 runs due north along lon 106.6 from lat 10.605 to 10.615, through station ST-C1-A
 *   (10.61, 106.6; cameras facing north and south, 90° wide, 50 m range). C1's outline holds
 *   it south of lat 10.61, C2's north of it; D1's outline holds both (a parent: not a leaf).
 * - A local road of C3 (no outline for C3: its stretches go by the road's unit), far from
 *   every camera, 0.01° of longitude long.
 */
export const QL1_LINE = [
  [106.6, 10.605],
  [106.6, 10.615],
];

const box = (w: number, s: number, e: number, n: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});

export const COVERAGE_ROADS = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { code: 'QL1', name: 'Quốc lộ 1', kind: 'main', unitId: null },
      geometry: { type: 'LineString', coordinates: QL1_LINE },
    },
    {
      type: 'Feature',
      properties: { code: 'Đường xã', name: 'Đường xã', kind: 'local', unitId: 'C3' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [106.7, 10.64],
          [106.71, 10.64],
        ],
      },
    },
  ],
};

export const COVERAGE_UNITS = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { id: 'D1', name: 'Huyện Một', parentId: 'P' }, geometry: box(106.5, 10.5, 106.7, 10.7) },
    { type: 'Feature', properties: { id: 'C1', name: 'Xã Mỹ Lộc', parentId: 'D1' }, geometry: box(106.59, 10.6, 106.61, 10.61) },
    { type: 'Feature', properties: { id: 'C2', name: 'Xã Phước Lợi', parentId: 'D1' }, geometry: box(106.59, 10.61, 106.61, 10.62) },
  ],
};

/** Writes roads.geojson and units.geojson into `dir` (created) and returns it, for ApiConfig.geoDir. */
export async function writeCoverageGeo(dir: string, roads: unknown = COVERAGE_ROADS, units: unknown = COVERAGE_UNITS): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'roads.geojson'), JSON.stringify(roads));
  await writeFile(join(dir, 'units.geojson'), JSON.stringify(units));
  return dir;
}
