import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Polygon } from 'geojson';
import { DISTRICTS, type DistrictSeed } from './data/long-an-units.ts';
import type { Projection } from './planar.ts';
import { createRng } from './prng.ts';
import type { CommuneIdentity } from './unit-ids.ts';

/** Wards and townships without a known position sit within this distance of their seat. */
const URBAN_RADIUS_KM = 2.4;
const CANDIDATES = 40;
const MAX_TRIES = 20_000;
/** The layout is geography, not fleet: it uses its own fixed seed so every fleet seed shares it. */
const LAYOUT_SEED = 0x4c41;

export interface PlacedCommune {
  identity: CommuneIdentity;
  district: DistrictSeed;
  xy: [number, number];
}

/**
 * Places a centre for every commune. Known positions are kept. The others are spread with
 * Mitchell's best-candidate sampling inside their district's zone, where a point belongs to
 * the district minimising distance ÷ radius (radius = √(area/π)): a multiplicatively weighted
 * Voronoi diagram, so a small district such as Tân An gets a small zone and a large one a
 * large zone. The Voronoi cells of these centres then give each commune an area close to
 * its district's average.
 */
export function layoutCommunes(identities: CommuneIdentity[], outline: Polygon, proj: Projection): PlacedCommune[] {
  const rng = createRng(LAYOUT_SEED);
  const zones = DISTRICTS.map((d) => ({ d, c: proj.toXY(d.centre), r: Math.sqrt(d.areaKm2 / Math.PI) }));
  const zoneOf = (x: number, y: number) => {
    let best = zones[0];
    let bestScore = Infinity;
    for (const z of zones) {
      const score = Math.hypot(x - z.c[0], y - z.c[1]) / z.r;
      if (score < bestScore) [best, bestScore] = [z, score];
    }
    return best?.d;
  };
  const inside = (x: number, y: number) => booleanPointInPolygon(proj.toLonLat(x, y), outline);
  const districtOf = new Map(DISTRICTS.map((d) => [d.code, d]));
  const placed: PlacedCommune[] = [];
  const pending: { identity: CommuneIdentity; district: DistrictSeed }[] = [];
  for (const identity of identities) {
    const district = districtOf.get(identity.districtId.split('-')[1] ?? '');
    if (!district) throw new Error(`no district for ${identity.id}`);
    if (identity.seed.at) placed.push({ identity, district, xy: proj.toXY(identity.seed.at) });
    else pending.push({ identity, district });
  }
  for (const { identity, district } of pending) {
    const seat = placed.find((p) => p.district === district && p.identity.seed.at)?.xy ?? proj.toXY(district.centre);
    const urban = identity.seed.kind !== 'commune';
    const zone = zones.find((z) => z.d === district);
    if (!zone) throw new Error(`no zone for ${district.code}`);
    const [cx, cy] = urban ? seat : zone.c;
    const radius = urban ? URBAN_RADIUS_KM : zone.r * 2.2;
    let best: [number, number] | null = null;
    let bestGap = -1;
    let accepted = 0;
    for (let tries = 0; accepted < CANDIDATES && tries < MAX_TRIES; tries++) {
      const a = rng.next() * 2 * Math.PI;
      const rr = radius * Math.sqrt(rng.next());
      const x = cx + rr * Math.cos(a);
      const y = cy + rr * Math.sin(a);
      if (zoneOf(x, y) !== district || !inside(x, y)) continue;
      accepted++;
      const gap = Math.min(...placed.map((p) => Math.hypot(p.xy[0] - x, p.xy[1] - y)));
      if (gap > bestGap) [best, bestGap] = [[x, y], gap];
    }
    if (!best) throw new Error(`could not place ${identity.seed.name} in ${district.name}`);
    placed.push({ identity, district, xy: best });
  }
  const order = new Map(identities.map((c, i) => [c.id, i]));
  return placed.sort((a, b) => (order.get(a.identity.id) ?? 0) - (order.get(b.identity.id) ?? 0));
}
