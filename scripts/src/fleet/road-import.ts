import { priorityRoadOf, PRIORITY_ROADS, type PriorityRoad } from '@camwatch/config';
import type { Feature, Geometry } from 'geojson';
import { MAIN_ROADS } from './data/long-an-geography.ts';
import type { LonLat } from './data/long-an-units.ts';

export type RoadKind = 'main' | 'provincial' | 'local';

/** A road as the generator uses it: one or more polylines under one code. */
export interface RoadLines {
  /** What stations and signs write in their `road` field (QL1) or the road's own name. */
  code: string;
  name: string;
  /** The road number as signed (QL1, ĐT.830); null for a road known only by name. */
  ref: string | null;
  kind: RoadKind;
  lines: LonLat[][];
}

export interface RoadImport {
  /** The four priority roads found in the file, under our codes (QL1, N2, QL50, QL62). */
  main: RoadLines[];
  /** Every other named road, kept with its own ref and name. */
  other: RoadLines[];
  /** Priority roads the file lacks: their hand-drawn path stays. */
  absent: PriorityRoad[];
  /** Features not used, with why ("#12 (no ref or name)"). */
  unmatched: string[];
  features: number;
}

/** A station's `road` holds at most 64 characters: longer OSM names are cut there. */
const MAX_ROAD = 64;

function text(props: Record<string, unknown>, name: string): string | null {
  const v = props[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, MAX_ROAD) : null;
}

function linesOf(g: Geometry | null | undefined): LonLat[][] | null {
  const line = (coords: unknown): LonLat[] | null => {
    if (!Array.isArray(coords) || coords.length < 2) return null;
    const pts = coords.map((p) => (Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]) ? ([p[0], p[1]] as LonLat) : null));
    return pts.every((p) => p !== null) ? (pts as LonLat[]) : null;
  };
  if (g?.type === 'LineString') {
    const l = line(g.coordinates);
    return l ? [l] : null;
  }
  if (g?.type === 'MultiLineString' && Array.isArray(g.coordinates)) {
    const ls = g.coordinates.map(line);
    return ls.length > 0 && ls.every((l) => l !== null) ? (ls as LonLat[][]) : null;
  }
  return null;
}

/** OSM writes several numbers in one tag: "QL.1;AH1". */
const refsOf = (ref: string | null) =>
  (ref ?? '')
    .split(/[;,]/)
    .map((r) => r.trim())
    .filter(Boolean);

/**
 * Reads real road geometry (a GeoJSON FeatureCollection of LineString/MultiLineString, e.g. an
 * OpenStreetMap export with `ref` and `name`). A feature whose ref or name is one of the priority
 * roads (config's priorityRoadOf: "QL.1", "QL 1A", "Quốc lộ 1" → QL1) joins that road; any other
 * feature with a ref or a name is kept under it (ĐT… refs as provincial roads, the rest as local);
 * a feature with neither, or not a line, is listed as unmatched.
 */
export function importRoads(input: unknown): RoadImport {
  const fc = input as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error('roads: expected a GeoJSON FeatureCollection');
  const main = new Map<PriorityRoad, RoadLines>();
  const other = new Map<string, RoadLines>();
  const unmatched: string[] = [];
  (fc.features as unknown[]).forEach((raw, i) => {
    const f = raw as Partial<Feature>;
    const props = (f?.properties ?? {}) as Record<string, unknown>;
    const ref = text(props, 'ref');
    const name = text(props, 'name');
    const label = `#${i + 1}${ref || name ? ` ${[ref, name].filter(Boolean).join(' ')}` : ''}`;
    if (f?.type !== 'Feature') return void unmatched.push(`${label} (not a Feature)`);
    const lines = linesOf(f.geometry);
    if (!lines) return void unmatched.push(`${label} (geometry ${f.geometry?.type ?? 'missing'}, expected LineString or MultiLineString)`);
    const code =
      refsOf(ref)
        .map(priorityRoadOf)
        .find((c) => c !== null) ?? priorityRoadOf(name);
    if (code) {
      const known = MAIN_ROADS.find((r) => r.code === code);
      const road = main.get(code) ?? { code, name: known?.name ?? name ?? code, ref: code, kind: 'main' as const, lines: [] };
      road.lines.push(...lines);
      main.set(code, road);
      return;
    }
    if (!ref && !name) return void unmatched.push(`${label} (no ref or name)`);
    const first = refsOf(ref)[0] ?? null;
    const key = first ?? (name as string);
    const kind: RoadKind = first && /^(ĐT|DT)\s*\.?\s*\d/iu.test(first) ? 'provincial' : 'local';
    const road = other.get(key) ?? { code: key, name: name ?? key, ref: first, kind, lines: [] };
    road.lines.push(...lines);
    other.set(key, road);
  });
  return {
    main: PRIORITY_ROADS.flatMap((c) => main.get(c) ?? []),
    other: [...other.values()],
    absent: PRIORITY_ROADS.filter((c) => !main.has(c)),
    unmatched,
    features: fc.features.length,
  };
}

/** The main roads the generator places stations on: imported where the file has them, hand-drawn otherwise. */
export function mainRoadLines(roads?: RoadImport): RoadLines[] {
  return MAIN_ROADS.map(
    (r) => roads?.main.find((m) => m.code === r.code) ?? { code: r.code, name: r.name, ref: r.code, kind: 'main', lines: [r.path] },
  );
}

/** What the CLI prints about a road import. */
export function describeRoadImport(r: RoadImport, file: string): string[] {
  const lines = [
    `roads: ${r.features} features from ${file}: ${r.main.map((m) => `${m.code} (${m.lines.length} lines)`).join(', ') || 'no priority road'}; ${r.other.length} other named roads`,
  ];
  if (r.absent.length > 0) lines.push(`roads: not in the file, hand-drawn path kept: ${r.absent.join(', ')}`);
  // An OSM export holds thousands of unnamed tracks: name the first ones, count the rest.
  const shown = r.unmatched.slice(0, 20).join('; ');
  const more = r.unmatched.length > 20 ? `; and ${r.unmatched.length - 20} more` : '';
  if (r.unmatched.length > 0) lines.push(`roads: ${r.unmatched.length} features not used: ${shown}${more}`);
  return lines;
}
