import type { Feature, Geometry } from 'geojson';
import type { Area } from './commune-cells.ts';
import { asciiFold, bareName, type CommuneIdentity } from './unit-ids.ts';

export type BoundaryRejectReason = 'not-a-feature' | 'not-a-polygon' | 'unmatched' | 'ambiguous' | 'duplicate';

export interface BoundaryImport {
  /** Unit id → imported area. */
  areas: Map<string, Area>;
  rejects: Record<BoundaryRejectReason, number>;
  /** Names or ids that could not be matched, for the operator to fix. */
  unmatched: string[];
}

const key = (name: string) =>
  asciiFold(bareName(name.trim().normalize('NFC')))
    .toLowerCase()
    .replace(/\s+/g, ' ');

function text(props: Record<string, unknown>, ...names: string[]): string | null {
  for (const n of names) {
    const v = props[n];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return null;
}

function isArea(g: Geometry | null | undefined): g is Area {
  return !!g && (g.type === 'Polygon' || g.type === 'MultiPolygon') && Array.isArray(g.coordinates) && g.coordinates.length > 0;
}

/**
 * Matches real commune boundaries (a GeoJSON FeatureCollection, e.g. an official or GADM
 * export) to our units: by `id` first, else by name (`name` or GADM's `NAME_3`, prefix and
 * diacritics ignored), narrowed by district (`district`, `parentName`, GADM's `NAME_2`, or
 * `parentId`) when a name occurs in several districts. Nothing is guessed: a feature that
 * matches zero or several units is counted and listed, not applied.
 */
export function matchBoundaries(input: unknown, communes: CommuneIdentity[], districtNames: Map<string, string>): BoundaryImport {
  const rejects: Record<BoundaryRejectReason, number> = {
    'not-a-feature': 0,
    'not-a-polygon': 0,
    unmatched: 0,
    ambiguous: 0,
    duplicate: 0,
  };
  const unmatched: string[] = [];
  const areas = new Map<string, Area>();
  const fc = input as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error('boundaries: expected a GeoJSON FeatureCollection');
  const byId = new Map(communes.map((c) => [c.id, c]));
  const byName = new Map<string, CommuneIdentity[]>();
  for (const c of communes) byName.set(key(c.seed.name), [...(byName.get(key(c.seed.name)) ?? []), c]);
  for (const raw of fc.features as unknown[]) {
    const f = raw as Partial<Feature>;
    if (f?.type !== 'Feature') {
      rejects['not-a-feature']++;
      continue;
    }
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const label = text(props, 'id', 'name', 'NAME_3') ?? '(no id or name)';
    if (!isArea(f.geometry)) {
      rejects['not-a-polygon']++;
      continue;
    }
    const id = text(props, 'id');
    const name = text(props, 'name', 'NAME_3');
    let found: CommuneIdentity[] = id && byId.has(id) ? [byId.get(id) as CommuneIdentity] : name ? (byName.get(key(name)) ?? []) : [];
    if (found.length > 1) {
      const district = text(props, 'district', 'parentName', 'NAME_2');
      const parentId = text(props, 'parentId');
      found = found.filter((c) =>
        parentId ? c.districtId === parentId : district ? key(districtNames.get(c.districtId) ?? '') === key(district) : true,
      );
    }
    if (found.length === 0) {
      rejects.unmatched++;
      unmatched.push(label);
      continue;
    }
    if (found.length > 1) {
      rejects.ambiguous++;
      unmatched.push(label);
      continue;
    }
    const unit = found[0] as CommuneIdentity;
    if (areas.has(unit.id)) {
      rejects.duplicate++;
      continue;
    }
    areas.set(unit.id, f.geometry);
  }
  return { areas, rejects, unmatched };
}
