import type { GeoFeature } from '@camwatch/config';

/** One road line of roads.geojson, as coverage and the programme report use it. */
export interface RoadLine {
  /** Unique among the lines: the code, plus the unit for local roads (several communes share names). */
  id: string;
  code: string;
  name: string;
  kind: string;
  /** The commune a local road belongs to (fleet generator), null for main roads. */
  unitId: string | null;
  coordinates: number[][];
}

/**
 * The lines of a roads layer. The code is `code`, else `ref` (OpenStreetMap exports), else the
 * name; a MultiLineString gives one line per part; anything that is not a line is ignored.
 */
export function roadLines(features: readonly GeoFeature[]): RoadLine[] {
  const out: RoadLine[] = [];
  const seen = new Map<string, number>();
  for (const f of features) {
    const g = f.geometry;
    const parts = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
    const p = f.properties;
    const code = String(p.code ?? p.ref ?? p.name ?? 'road');
    const unitId = typeof p.unitId === 'string' ? p.unitId : null;
    for (const coordinates of parts) {
      if (coordinates.length < 2) continue;
      const base = unitId ? `${code}@${unitId}` : code;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      out.push({
        id: n === 1 ? base : `${base}#${n}`,
        code,
        name: String(p.name ?? code),
        kind: String(p.kind ?? (unitId ? 'local' : 'main')),
        unitId,
        coordinates,
      });
    }
  }
  return out;
}
