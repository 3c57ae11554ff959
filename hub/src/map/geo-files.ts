import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compileValidator, GeoFeatureCollection, type GeoFeature } from '@camwatch/config';

// The geo routes send these features as text, unchecked: a hand-edited file is checked here, once per change.
const validCollection = compileValidator(GeoFeatureCollection);

interface Loaded {
  mtimeMs: number;
  features: GeoFeature[];
}

/**
 * The GeoJSON layers the fleet generator writes (units.geojson, roads.geojson), read from
 * disk and re-read when the file changes. A missing folder or file is an empty layer: the
 * map then draws markers only.
 */
export class GeoFiles {
  private readonly cache = new Map<string, Loaded>();

  constructor(private readonly dir: string | null) {}

  async features(name: 'units' | 'roads'): Promise<GeoFeature[]> {
    if (!this.dir) return [];
    const path = join(this.dir, `${name}.geojson`);
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(path)).mtimeMs;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const hit = this.cache.get(path);
    if (hit && hit.mtimeMs === mtimeMs) return hit.features;
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (!validCollection.check(parsed)) {
      const issues = validCollection
        .issues(parsed, 3)
        .map((i) => `${i.path || '/'}: ${i.message}`)
        .join('; ');
      throw new Error(`${path} is not a GeoJSON FeatureCollection of the supported geometries (${issues})`);
    }
    this.cache.set(path, { mtimeMs, features: parsed.features });
    return parsed.features;
  }
}
