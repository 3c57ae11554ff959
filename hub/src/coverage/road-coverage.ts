import type { CameraView, CoverageClass, CoverageStretch, GeoPoint, RoadCoverage, UnitRoadCoverage } from '@camwatch/config';
import type { RoadLine } from './road-lines.ts';
import { splitLine, type RoadSegment } from './road-segments.ts';
import { ViewGrid } from './view-grid.ts';

/** A camera view as coverage counts it: a working programme camera covers more than any other. */
export interface CoverageView extends CameraView {
  /** A programme camera ok/degraded now on a station that is not dark. Private views are never "working". */
  working: boolean;
}

/** Every stretch of one road with its class and the unit that holds it. */
export interface ClassifiedRoad {
  road: RoadLine;
  segments: RoadSegment[];
  classes: CoverageClass[];
  units: (string | null)[];
}

/** Working beats any other camera; the first working view ends the search. */
export function classifyPoint(grid: ViewGrid<CoverageView>, p: GeoPoint): CoverageClass {
  if (grid.find(p, (v) => v.working)) return 'working';
  return grid.find(p, (v) => !v.working) ? 'any' : 'none';
}

/**
 * Splits every road into `segmentM` stretches and classifies each through the view grid. The
 * unit of a stretch is the outline holding its midpoint, else the road's own unit (local roads).
 */
export function classifyRoads(
  roads: readonly RoadLine[],
  views: readonly CoverageView[],
  segmentM: number,
  unitAt: (p: GeoPoint) => string | null,
): ClassifiedRoad[] {
  const grid = new ViewGrid(views);
  return roads.map((road) => {
    const segments = splitLine(road.coordinates, segmentM);
    return {
      road,
      segments,
      classes: segments.map((s) => classifyPoint(grid, s.mid)),
      units: segments.map((s) => unitAt(s.mid) ?? road.unitId),
    };
  });
}

const km = (m: number) => Math.round(m) / 1000;
/** About 0.1 m: more digits only make the answer longer. */
const round6 = (p: readonly number[]): number[] => [Math.round(p[0]! * 1e6) / 1e6, Math.round(p[1]! * 1e6) / 1e6];

/** The road's figures over its stretches inside the area (null when none is). */
export function summarizeRoad(c: ClassifiedRoad, inArea: (unitId: string | null) => boolean): RoadCoverage | null {
  let lengthM = 0;
  let workingM = 0;
  let anyM = 0;
  const stretches: CoverageStretch[] = [];
  let open: { cls: CoverageClass; fromM: number; toM: number; path: number[][] } | null = null;
  const close = () => {
    if (open)
      stretches.push({ class: open.cls, fromKm: km(open.fromM), toKm: km(open.toM), lengthKm: km(open.toM - open.fromM), path: open.path });
    open = null;
  };
  c.segments.forEach((s, i) => {
    if (!inArea(c.units[i] ?? null)) return close();
    const cls = c.classes[i]!;
    const len = s.toM - s.fromM;
    lengthM += len;
    if (cls === 'working') workingM += len;
    if (cls !== 'none') anyM += len;
    if (open && open.cls === cls && open.toM === s.fromM) {
      // The run's last point lies on the straight piece this stretch continues: drop it, so a
      // run has a point only where the road bends, not one per stretch.
      open.path.pop();
      open.path.push(...s.via.map(round6), round6(s.end));
      open.toM = s.toM;
    } else {
      close();
      open = { cls, fromM: s.fromM, toM: s.toM, path: [round6(s.start), ...s.via.map(round6), round6(s.end)] };
    }
  });
  close();
  if (lengthM === 0) return null;
  const gaps = stretches.filter((s) => s.class === 'none').sort((a, b) => b.lengthKm - a.lengthKm || a.fromKm - b.fromKm);
  const { id, code, name, kind } = c.road;
  return { id, code, name, kind, lengthKm: km(lengthM), workingKm: km(workingM), anyKm: km(anyM), gaps, stretches };
}

/** Road length and covered length per unit, for the choropleth's "share of road length covered". */
export function unitShares(classified: readonly ClassifiedRoad[], inArea: (unitId: string) => boolean): UnitRoadCoverage[] {
  const sums = new Map<string, { road: number; working: number; any: number }>();
  for (const c of classified)
    c.segments.forEach((s, i) => {
      const unit = c.units[i];
      if (!unit || !inArea(unit)) return;
      const len = s.toM - s.fromM;
      const cls = c.classes[i];
      const sum = sums.get(unit) ?? { road: 0, working: 0, any: 0 };
      sum.road += len;
      if (cls === 'working') sum.working += len;
      if (cls !== 'none') sum.any += len;
      sums.set(unit, sum);
    });
  return [...sums]
    .map(([unitId, s]) => ({
      unitId,
      roadKm: km(s.road),
      workingKm: km(s.working),
      anyKm: km(s.any),
      workingPct: s.road > 0 ? Math.round((s.working / s.road) * 1000) / 10 : null,
    }))
    .sort((a, b) => a.unitId.localeCompare(b.unitId));
}
