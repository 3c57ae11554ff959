import type { FeatureCollection, Geometry } from 'geojson';
import { MAIN_ROADS } from '../src/fleet/data/long-an-geography.ts';
import type { LonLat } from '../src/fleet/data/long-an-units.ts';

/**
 * Roads as an OpenStreetMap export writes them: `ref` in several spellings ("QL.1A", "QL 1A",
 * none), `name`, roads cut into several ways, MultiLineStrings, and ways we cannot use. The
 * priority roads are the hand-drawn paths moved 0.006° (≈ 650 m) east, so a test can tell
 * whether stations follow the imported geometry or the old one.
 */
const SHIFT = 0.006;
const path = (code: string): LonLat[] => (MAIN_ROADS.find((r) => r.code === code)?.path ?? []).map(([lon, lat]) => [lon + SHIFT, lat]);
const way = (properties: Record<string, string>, geometry: Geometry) => ({ type: 'Feature', properties, geometry });
const line = (coordinates: LonLat[]): Geometry => ({ type: 'LineString', coordinates: coordinates.map((p) => [...p]) });

export function osmFixture(): FeatureCollection {
  const ql1 = path('QL1');
  const half = Math.ceil(ql1.length / 2);
  // prettier-ignore
  return {
    type: 'FeatureCollection',
    features: [
      way({ ref: 'QL.1A', name: 'Quốc lộ 1A', highway: 'trunk' }, line(ql1.slice(0, half))),
      way({ ref: 'QL1A;AH1', highway: 'trunk' }, { type: 'MultiLineString', coordinates: [ql1.slice(half - 1).map((p) => [...p])] }),
      way({ ref: 'N2', name: 'Đường Hồ Chí Minh' }, line(path('N2'))),
      way({ ref: 'QL 50', highway: 'primary' }, line(path('QL50'))),
      way({ name: 'Quốc lộ 62', highway: 'primary' }, line(path('QL62'))),
      way({ ref: 'ĐT.830', name: 'Đường tỉnh 830' }, line([[106.45, 10.75], [106.5, 10.72]])),
      way({ name: 'Đường liên xã Mỹ Yên' }, line([[106.47, 10.69], [106.48, 10.7]])),
      way({ highway: 'track' }, line([[106.3, 10.6], [106.31, 10.61]])),
      way({ name: 'Chợ Bến Lức' }, { type: 'Point', coordinates: [106.49, 10.64] }),
    ] as FeatureCollection['features'],
  };
}
