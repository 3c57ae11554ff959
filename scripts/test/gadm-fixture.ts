import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { difference, intersection, type Geom } from 'polyclip-ts';
import { DISTRICTS } from '../src/fleet/data/long-an-units.ts';
import { generateFleet } from '../src/fleet/generate-fleet.ts';
import { asciiFold, bareName, communeIdentities, districtId } from '../src/fleet/unit-ids.ts';

/**
 * A boundary file shaped like GADM 4.1 level 3 for Long An, built from our own unit list: GADM's
 * property names (GID_0, NAME_1, GID_2, NAME_2, GID_3, NAME_3, VARNAME_3, TYPE_3, ENGTYPE_3),
 * its spellings (no spaces: `PhướcLợi`, `Phường1`, `BếnLức(Thịtrấn)` for a township named like
 * its district), old tone placement in one district (`BìnhHoàBắc`), one name typed without
 * diacritics, the township of Hiệp Hòa cut out of the commune of that name as its own feature
 * (`HiệpHòa(Thịtrấn)`: our list, like the police count, has it inside the commune), and one
 * feature of a neighbouring province. The polygons are our generated cells
 * shrunk by 5 % towards the province centre, so that a test can tell imported areas and the
 * dissolved outline from the generated ones.
 */
export type GadmProps = Record<string, string>;
export type GadmFeature = Feature<Polygon | MultiPolygon, GadmProps>;

const SHRINK = 0.95;
const CENTRE = [106.15, 10.72];
const shrink = (p: Position): Position => [
  Math.round((CENTRE[0]! + (p[0]! - CENTRE[0]!) * SHRINK) * 1e6) / 1e6,
  Math.round((CENTRE[1]! + (p[1]! - CENTRE[1]!) * SHRINK) * 1e6) / 1e6,
];
const squash = (s: string) => s.replace(/\s+/g, '');
const oldTones = (s: string) => s.replace(/òa/g, 'oà').replace(/óa/g, 'oá').replace(/ùy/g, 'uỳ');

/** Which unit the fixture writes without diacritics (the fold fallback must still find it). */
export const UNACCENTED = { district: 'LA-CG', name: 'Xã Mỹ Lộc', written: 'MyLoc' };

export function gadmFixture(): FeatureCollection<Polygon | MultiPolygon, GadmProps> {
  const cells = new Map(generateFleet({ seed: 1 }).geo.units.features.map((f) => [f.properties.id, f.geometry]));
  const features: GadmFeature[] = communeIdentities().map((c, i) => {
    const d = DISTRICTS.findIndex((x) => districtId(x.code) === c.districtId);
    const district = DISTRICTS[d]!;
    const bare = bareName(c.seed.name);
    let name = c.seed.kind === 'ward' && /^\d+$/.test(bare) ? `Phường${bare}` : squash(bare);
    if (c.seed.kind === 'township' && bare === bareName(district.name)) name += '(Thịtrấn)';
    if (district.code === 'DHU') name = oldTones(name);
    if (c.districtId === UNACCENTED.district && c.seed.name === UNACCENTED.name) name = UNACCENTED.written;
    const geometry = cells.get(c.id)!;
    const shrunk =
      geometry.type === 'Polygon'
        ? ({ type: 'Polygon', coordinates: geometry.coordinates.map((r) => r.map(shrink)) } as Polygon)
        : ({ type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map((r) => r.map(shrink))) } as MultiPolygon);
    return {
      type: 'Feature',
      properties: {
        GID_0: 'VNM',
        COUNTRY: 'Vietnam',
        GID_1: 'VNM.39_1',
        NAME_1: 'LongAn',
        GID_2: `VNM.39.${d + 1}_1`,
        NAME_2: squash(bareName(district.name)),
        GID_3: `VNM.39.${d + 1}.${i + 1}_1`,
        NAME_3: name,
        VARNAME_3: asciiFold(bare),
        TYPE_3: { commune: 'Xã', ward: 'Phường', township: 'Thị trấn' }[c.seed.kind],
        ENGTYPE_3: { commune: 'Commune', ward: 'Ward', township: 'Town' }[c.seed.kind],
      },
      geometry: shrunk,
    };
  });
  // GADM has the township of Hiệp Hòa beside the commune; our list counts it inside the commune.
  const commune = features.find((f) => f.properties.NAME_2 === 'ĐứcHòa' && f.properties.NAME_3 === 'HiệpHòa');
  if (!commune) throw new Error('fixture lacks Hiệp Hòa');
  const whole = commune.geometry.coordinates as Geom;
  const [w, s, e, n] = bbox(commune.geometry);
  const [cx, cy, r] = [(w + e) / 2, (s + n) / 2, Math.min(e - w, n - s) / 4];
  const town: Geom = [
    [
      [cx - r, cy - r],
      [cx + r, cy - r],
      [cx + r, cy + r],
      [cx - r, cy + r],
      [cx - r, cy - r],
    ],
  ];
  commune.geometry = { type: 'MultiPolygon', coordinates: difference(whole, town) };
  features.push({
    type: 'Feature',
    properties: { ...commune.properties, GID_3: 'VNM.39.7.99_1', NAME_3: 'HiệpHòa(Thịtrấn)', TYPE_3: 'Thị trấn', ENGTYPE_3: 'Town' },
    geometry: { type: 'MultiPolygon', coordinates: intersection(whole, town) },
  });
  // GADM ships the whole country in one file: a neighbour's commune must be skipped, not reported.
  features.push({
    type: 'Feature',
    properties: { GID_0: 'VNM', NAME_1: 'TiềnGiang', NAME_2: 'CáiBè', NAME_3: 'MỹHội', TYPE_3: 'Xã', GID_3: 'VNM.58.2.1_1' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [106.0, 10.4],
          [106.05, 10.4],
          [106.05, 10.45],
          [106.0, 10.4],
        ],
      ],
    },
  });
  return { type: 'FeatureCollection', features };
}

function bbox(g: Polygon | MultiPolygon): [number, number, number, number] {
  const pts = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
  const xs = pts.map((p) => p[0] ?? 0);
  const ys = pts.map((p) => p[1] ?? 0);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** The fixture's feature for one of our units. */
export function gadmFeatureOf(fc: FeatureCollection<Polygon | MultiPolygon, GadmProps>, district: string, nameNoSpaces: string) {
  return fc.features.find((f) => f.properties.NAME_2 === district && f.properties.NAME_3 === nameNoSpaces);
}
