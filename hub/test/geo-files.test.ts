import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeoFiles } from '../src/map/geo-files.ts';

const square = (id: string, lon: number) => ({
  type: 'Feature',
  properties: { id, name: `Xã ${id}` },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [lon, 10.5],
        [lon + 0.1, 10.5],
        [lon + 0.1, 10.6],
        [lon, 10.6],
        [lon, 10.5],
      ],
    ],
  },
});

describe('GeoFiles', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  const folder = async () => {
    const d = await mkdtemp(join(tmpdir(), 'camwatch-geo-'));
    dirs.push(d);
    return d;
  };

  it('serves a missing folder or file as an empty layer', async () => {
    expect(await new GeoFiles(null).features('units')).toEqual([]);
    expect(await new GeoFiles(await folder()).features('roads')).toEqual([]);
  });

  it('reads a collection and reads it again once the file changed', async () => {
    const dir = await folder();
    const path = join(dir, 'units.geojson');
    const files = new GeoFiles(dir);
    await writeFile(path, JSON.stringify({ type: 'FeatureCollection', features: [square('C1', 106)] }));
    await utimes(path, 1_000, 1_000);
    expect((await files.features('units')).map((f) => f.properties.id)).toEqual(['C1']);
    await writeFile(path, JSON.stringify({ type: 'FeatureCollection', features: [square('C1', 106), square('C2', 106.2)] }));
    await utimes(path, 2_000, 2_000);
    expect((await files.features('units')).map((f) => f.properties.id)).toEqual(['C1', 'C2']);
  });

  it('refuses a file whose features the map cannot draw, naming the file and the place', async () => {
    const dir = await folder();
    const bad = { ...square('C1', 106), geometry: { type: 'Circle', coordinates: [106, 10.5] } };
    await writeFile(join(dir, 'units.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [square('C0', 105), bad] }));
    await expect(new GeoFiles(dir).features('units')).rejects.toThrow(
      /units\.geojson is not a GeoJSON FeatureCollection.*\/features\/1\/geometry/,
    );
    await writeFile(join(dir, 'roads.geojson'), JSON.stringify({ type: 'FeatureCollection', features: 'none' }));
    await expect(new GeoFiles(dir).features('roads')).rejects.toThrow(/roads\.geojson .*\/features/);
  });
});
