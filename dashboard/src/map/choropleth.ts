import type { GeoFeature, UnitSummary } from '@camwatch/config/api';
import { featureAreaKm2 } from './geo-area.ts';
import type { MapStore } from './map-store.ts';

export const SHADING_MODES = ['none', 'density', 'count', 'uptime', 'roads'] as const;
export type ShadingMode = (typeof SHADING_MODES)[number];

/** ColorBrewer sequential schemes, both safe for colour-blind readers and distinct from marker colours. */
const BLUES = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];
/** Uptime: dark = bad, so the communes to push stand out. */
const PURPLE_RED = ['#980043', '#dd1c77', '#df65b0', '#d7b5d8', '#f1eef6'];
export const NO_DATA_COLOUR = '#d9d9d9';
const UPTIME_BREAKS = [80, 90, 95, 99];
/** Share of road length seen by a working programme camera: most communes are far below half. */
const ROAD_SHARE_BREAKS = [5, 10, 25, 50];

export interface Scale {
  /** Class i covers [breaks[i-1], breaks[i]); the last is open-ended. */
  breaks: number[];
  colours: string[];
  colourOf(value: number | null): string;
}

function makeScale(breaks: number[], colours: string[]): Scale {
  return {
    breaks,
    colours,
    colourOf(value) {
      if (value === null || Number.isNaN(value)) return NO_DATA_COLOUR;
      let k = 0;
      while (k < breaks.length && value >= breaks[k]!) k++;
      return colours[k] ?? NO_DATA_COLOUR;
    },
  };
}

function roundNice(x: number): number {
  if (x <= 0) return 0;
  const magnitude = 10 ** Math.floor(Math.log10(x));
  return (Math.round((x / magnitude) * 2) / 2) * magnitude;
}

/** Quintile breaks of the positive values, rounded to readable numbers (0.5, 1, 2.5, 15…). */
export function quantileBreaks(values: number[]): number[] {
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [1, 2, 3, 4];
  const breaks: number[] = [];
  for (const q of [0.2, 0.4, 0.6, 0.8]) {
    const b = roundNice(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
    if (b > (breaks.at(-1) ?? 0)) breaks.push(b);
  }
  return breaks;
}

/** Cameras per unit id, counted from the live map store (what the user can see). */
export function camerasPerUnit(store: MapStore): Map<string, number> {
  const { stations, units } = store.data;
  const counts = new Map<string, number>();
  stations.unit.forEach((u, i) => {
    const id = units.id[u];
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + (stations.cameraCount[i] ?? 0));
  });
  return counts;
}

export interface Shading {
  scale: Scale;
  valueOf(unitId: string): number | null;
}

/**
 * `roadShares` (unit id → % of its road length seen by a working programme camera, from
 * GET /api/coverage/units) is needed for the `roads` mode only; until it arrives every unit reads "no data".
 */
export function buildShading(
  mode: Exclude<ShadingMode, 'none'>,
  features: GeoFeature[],
  store: MapStore,
  units: UnitSummary[],
  roadShares: ReadonlyMap<string, number | null> | null = null,
): Shading {
  const summaries = new Map(units.map((u) => [u.id, u]));
  if (mode === 'roads') {
    return { scale: makeScale(ROAD_SHARE_BREAKS, PURPLE_RED), valueOf: (id) => roadShares?.get(id) ?? null };
  }
  if (mode === 'uptime') {
    return { scale: makeScale(UPTIME_BREAKS, PURPLE_RED), valueOf: (id) => summaries.get(id)?.uptime7dPct ?? null };
  }
  const counts = camerasPerUnit(store);
  const values = new Map<string, number>();
  for (const f of features) {
    const id = String(f.properties.id ?? '');
    const cameras = counts.get(id) ?? 0;
    if (mode === 'count') values.set(id, cameras);
    else {
      const area = summaries.get(id)?.areaKm2 ?? featureAreaKm2(f);
      values.set(id, area > 0 ? cameras / area : 0);
    }
  }
  const breaks = quantileBreaks([...values.values()]);
  // Zero cameras gets the lightest class of its own, so "no coverage" reads at a glance.
  return { scale: makeScale([Number.MIN_VALUE, ...breaks.slice(0, 3)], BLUES), valueOf: (id) => values.get(id) ?? null };
}

/** Units that are nobody's parent (communes, wards, townships) get the fill; their parents only a thicker outline. */
export function leafUnitIds(features: GeoFeature[], units: UnitSummary[]): Set<string> {
  const parents = new Set<string>();
  for (const u of units) if (u.parentId) parents.add(u.parentId);
  for (const f of features) if (typeof f.properties.parentId === 'string') parents.add(f.properties.parentId);
  return new Set(features.map((f) => String(f.properties.id ?? '')).filter((id) => !parents.has(id)));
}
