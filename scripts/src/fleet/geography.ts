import type { Polygon } from 'geojson';
import type { BoundaryImport } from './boundaries.ts';
import { areaKm2, unionAreas, voronoiCells, type Area } from './commune-cells.ts';
import { layoutCommunes } from './commune-layout.ts';
import { OUTLINE } from './data/long-an-geography.ts';
import { DISTRICTS, type CommuneKind, type DistrictSeed, type LonLat } from './data/long-an-units.ts';
import { localProjection, round6, type Projection } from './planar.ts';
import { createRng, hashString } from './prng.ts';
import { mainRoadLines, type RoadImport, type RoadLines } from './road-import.ts';
import {
  bboxOf,
  containsPoint,
  importedLocalRoads,
  localRoads,
  mainRoadPoints,
  type LocalRoad,
  type RoadArea,
  type RoadPoint,
} from './road-network.ts';
import { communeIdentities, districtId } from './unit-ids.ts';

export interface CommuneGeo extends RoadArea {
  name: string;
  kind: CommuneKind;
  districtId: string;
  district: DistrictSeed;
  areaKm2: number;
  /** True when the area came from an imported boundary file. */
  imported: boolean;
  mainRoad: RoadPoint[];
  localRoads: LocalRoad[];
}

export interface DistrictGeo {
  id: string;
  seed: DistrictSeed;
  area: Area;
  areaKm2: number;
}

export interface Geography {
  projection: Projection;
  /** The province: the hand-traced outline, or with imported boundaries the dissolved communes. */
  outline: Area;
  outlineKm2: number;
  districts: DistrictGeo[];
  communes: CommuneGeo[];
  /** QL1, N2, QL50, QL62: imported geometry where given, hand-drawn otherwise. */
  mainRoads: RoadLines[];
  /** Other imported roads (provincial and commune roads with their own names); none when generated. */
  otherRoads: RoadLines[];
}

const ORIGIN: LonLat = [106.15, 10.7];

/** A point inside an imported area whose own centre falls outside it (a crescent, a river bend). */
function interiorPoint(a: Omit<RoadArea, 'anchor'> & { anchor: LonLat }): LonLat {
  if (containsPoint(a, a.anchor[0], a.anchor[1])) return a.anchor;
  const rng = createRng(hashString(`anchor:${a.id}`));
  const [w, s, e, n] = a.bbox;
  for (let i = 0; i < 10_000; i++) {
    const p: LonLat = [round6(rng.range(w, e)), round6(rng.range(s, n))];
    if (containsPoint(a, p[0], p[1])) return p;
  }
  throw new Error(`no interior point found for ${a.id}`);
}

/**
 * Builds the province's geography: commune centres, commune areas (generated Voronoi cells,
 * or imported boundaries where given), districts and, with imported boundaries, the province
 * as the union of their communes, and the roads each commune holds. It does not depend on the fleet seed.
 */
export function buildGeography(boundaries?: BoundaryImport, importedRoads?: RoadImport): Geography {
  const projection = localProjection(ORIGIN);
  // Commune centres and the fallback cells always come from the hand-traced outline, so a unit
  // missing from an imported file still has a place; the province itself is then the imported one.
  const traced: Polygon = { type: 'Polygon', coordinates: [OUTLINE.map(([lon, lat]) => [lon, lat])] };
  const identities = communeIdentities();
  const placed = layoutCommunes(identities, traced, projection);
  const cells = voronoiCells(
    placed.map((p) => p.xy),
    traced,
    projection,
  );
  const partial = placed.map((p, i) => {
    const imported = boundaries?.areas.get(p.identity.id);
    const area = imported ?? (cells[i] as Area);
    const [lon, lat] = projection.toLonLat(p.xy[0], p.xy[1]);
    const base = { id: p.identity.id, kind: p.identity.seed.kind, area, bbox: bboxOf(area), anchor: [round6(lon), round6(lat)] as LonLat };
    return {
      ...base,
      anchor: interiorPoint(base),
      name: p.identity.seed.name,
      districtId: p.identity.districtId,
      district: p.district,
      imported: !!imported,
    };
  });
  const mainRoads = mainRoadLines(importedRoads);
  const roads = mainRoadPoints(partial, mainRoads, projection);
  const otherRoads = importedRoads?.other ?? [];
  const importedLocal = importedLocalRoads(partial, otherRoads, projection);
  const communes: CommuneGeo[] = partial.map((c) => ({
    ...c,
    areaKm2: areaKm2(c.area),
    mainRoad: roads.get(c.id) ?? [],
    // Generated local roads stay beside imported ones: a real road file rarely names every lane.
    localRoads: [...localRoads(c, projection), ...(importedLocal.get(c.id) ?? [])],
  }));
  const districts = DISTRICTS.map((seed) => {
    const id = districtId(seed.code);
    const area = unionAreas(communes.filter((c) => c.districtId === id).map((c) => c.area));
    return { id, seed, area, areaKm2: areaKm2(area) };
  });
  const outline: Area = boundaries ? unionAreas(communes.map((c) => c.area)) : traced;
  return { projection, outline, outlineKm2: areaKm2(outline), districts, communes, mainRoads, otherRoads };
}

let defaultGeography: Geography | null = null;

/** The generated geography is the same for every call without imports: build it once. */
export function geographyFor(boundaries?: BoundaryImport, roads?: RoadImport): Geography {
  if (boundaries || roads) return buildGeography(boundaries, roads);
  defaultGeography ??= buildGeography();
  return defaultGeography;
}
