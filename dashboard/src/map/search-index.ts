import type { GeoFeatureCollection, UnitSummary } from '@camwatch/config/api';
import { foldVietnamese } from '../common/text.ts';
import type { MapStore } from './map-store.ts';

export type SearchGroup = 'communes' | 'districts' | 'roads' | 'stations' | 'cameras';
export const SEARCH_GROUPS: readonly SearchGroup[] = ['communes', 'districts', 'roads', 'stations', 'cameras'];

export type SearchTarget =
  | { kind: 'unit'; unitId: string }
  | { kind: 'road'; road: string }
  | { kind: 'station'; index: number }
  | { kind: 'camera'; index: number; station: number };

export interface SearchEntry {
  group: SearchGroup;
  /** What the result says, and under it where it is. */
  title: string;
  detail: string;
  target: SearchTarget;
  /** Lower case with diacritics, then folded: exact spelling ranks first, folding is the fallback. */
  exact: string;
  folded: string;
}

const DISTRICT_KINDS = new Set(['district', 'town', 'city']);

function entry(group: SearchGroup, title: string, detail: string, target: SearchTarget, haystack: string): SearchEntry {
  const exact = haystack.normalize('NFC').toLowerCase();
  return { group, title, detail, target, exact, folded: foldVietnamese(haystack) };
}

/**
 * Everything a person may type to find a place: communes and districts (by name), roads (QL1,
 * N2… from the road layer and the road signs), stations (name, id, commune), cameras (id).
 * Built once per store and unit list, at the first search.
 */
export function buildSearchIndex(store: MapStore, units: UnitSummary[], roads: GeoFeatureCollection | null): SearchEntry[] {
  const out: SearchEntry[] = [];
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  for (const u of units) {
    if (!u.inScope || u.kind === 'province') continue;
    const parent = u.parentId ? (unitName.get(u.parentId) ?? '') : '';
    const group: SearchGroup = DISTRICT_KINDS.has(u.kind) ? 'districts' : 'communes';
    out.push(entry(group, u.name, parent, { kind: 'unit', unitId: u.id }, `${u.name} ${u.id}`));
  }
  const roadNames = new Set<string>();
  for (const f of roads?.features ?? []) {
    const name = f.properties.ref ?? f.properties.name;
    if (typeof name === 'string' && name.trim()) roadNames.add(name.trim());
  }
  for (const r of store.data.roadSigns.road) if (r.trim()) roadNames.add(r.trim());
  for (const road of [...roadNames].sort()) out.push(entry('roads', road, '', { kind: 'road', road }, road));
  const { stations, cameras, units: storeUnits } = store.data;
  for (let i = 0; i < stations.id.length; i++) {
    const unit = storeUnits.name[stations.unit[i]!] ?? '';
    out.push(
      entry(
        'stations',
        stations.name[i]!,
        `${unit} · ${stations.id[i]}`,
        { kind: 'station', index: i },
        `${stations.name[i]} ${stations.id[i]} ${unit}`,
      ),
    );
  }
  for (let j = 0; j < cameras.id.length; j++) {
    const s = cameras.station[j]!;
    out.push(entry('cameras', cameras.id[j]!, stations.name[s] ?? '', { kind: 'camera', index: j, station: s }, cameras.id[j]!));
  }
  return out;
}

/**
 * Every entry that contains the query, diacritics ignored (so "hiep hoa" finds "Hiệp Hòa"),
 * those spelled exactly as typed first; grouped in SEARCH_GROUPS order. No cap: the list shows
 * how many there are and lets the user see all of them.
 */
export function searchIndex(index: SearchEntry[], query: string): Map<SearchGroup, SearchEntry[]> {
  const groups = new Map<SearchGroup, SearchEntry[]>();
  const q = query.trim();
  if (foldVietnamese(q).length < 2) return groups;
  const exact = q.normalize('NFC').toLowerCase();
  const folded = foldVietnamese(q);
  const hits = index.filter((e) => e.folded.includes(folded));
  const rank = (e: SearchEntry) => (e.exact.includes(exact) ? 0 : 1) + (e.folded.startsWith(folded) ? 0 : 2);
  hits.sort((a, b) => rank(a) - rank(b));
  for (const g of SEARCH_GROUPS) {
    const inGroup = hits.filter((e) => e.group === g);
    if (inGroup.length > 0) groups.set(g, inGroup);
  }
  return groups;
}
