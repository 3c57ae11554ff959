import { defaultValue, type GeoFeature, type RoadCoverageReport, type UnitRoadCoverage } from '@camwatch/config';
import { ALL, scopeHasUnit, type Scope } from '../auth/scope.ts';
import type { Principal } from '../auth/auth-service.ts';
import type { UnitRepository } from '../fleet/unit-repository.ts';
import { notFound, type Refusal } from '../service-refusal.ts';
import type { CoverageSources } from './coverage-sources.ts';
import { classifyRoads, summarizeRoad, unitShares, type ClassifiedRoad, type CoverageView } from './road-coverage.ts';
import { roadLines } from './road-lines.ts';
import { UnitLocator } from './unit-locator.ts';

export interface CoverageGeo {
  features(name: 'units' | 'roads'): Promise<GeoFeature[]>;
}

interface Computed {
  at: number;
  roads: GeoFeature[];
  units: GeoFeature[];
  classified: ClassifiedRoad[];
  programmeCameras: number;
  privateCameras: number;
}

export interface CoverageOptions {
  segmentM?: number;
  cacheMs?: number;
  now?: () => number;
}

/**
 * Road coverage of the whole province, computed at most once per `cacheMs` (and again when a
 * map layer changes), then cut to each caller's area. Cameras outside the area still count for
 * the roads inside it: a camera across the commune line sees the same road.
 */
export class CoverageService {
  private last: Computed | null = null;
  private running: Promise<Computed> | null = null;
  private readonly segmentM: number;
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(
    private readonly geo: CoverageGeo,
    private readonly sources: CoverageSources,
    private readonly unitTree: Pick<UnitRepository, 'exists' | 'subtreeOf'>,
    opts: CoverageOptions = {},
  ) {
    this.segmentM = opts.segmentM ?? defaultValue('coverageSegmentM');
    this.cacheMs = opts.cacheMs ?? defaultValue('coverageCacheMs');
    this.now = opts.now ?? Date.now;
  }

  async roads(p: Principal, unitId: string | undefined): Promise<RoadCoverageReport | Refusal> {
    const area = await this.area(p.scope, unitId);
    if ('refused' in area) return area;
    const c = await this.computed();
    const roads = c.classified
      .map((r) => summarizeRoad(r, area.has))
      .filter((r) => r !== null)
      .sort((a, b) => Number(b.kind === 'main') - Number(a.kind === 'main') || b.lengthKm - a.lengthKm || a.id.localeCompare(b.id));
    return {
      unitId: unitId ?? null,
      segmentM: this.segmentM,
      computedAt: c.at,
      programmeCameras: c.programmeCameras,
      privateCameras: c.privateCameras,
      roads,
    };
  }

  async units(p: Principal, unitId: string | undefined): Promise<UnitRoadCoverage[] | Refusal> {
    const area = await this.area(p.scope, unitId);
    if ('refused' in area) return area;
    return unitShares((await this.computed()).classified, (id) => area.has(id));
  }

  /** Recomputes the province now (the bench and a test call it; requests go through the cache). */
  async recompute(): Promise<Computed> {
    const [roadFeatures, unitFeatures, programme, privates] = await Promise.all([
      this.geo.features('roads'),
      this.geo.features('units'),
      this.sources.programmeViews(),
      this.sources.privateViews(ALL),
    ]);
    const parents = new Set(unitFeatures.map((f) => f.properties.parentId).filter((x) => typeof x === 'string'));
    const locator = new UnitLocator(unitFeatures, (id) => !parents.has(id));
    const views: CoverageView[] = [...programme, ...privates.map((v) => ({ ...v, working: false }))];
    const classified = classifyRoads(roadLines(roadFeatures), views, this.segmentM, (pt) => locator.unitAt(pt));
    this.last = {
      at: this.now(),
      roads: roadFeatures,
      units: unitFeatures,
      classified,
      programmeCameras: programme.length,
      privateCameras: privates.length,
    };
    return this.last;
  }

  private async computed(): Promise<Computed> {
    const [roads, units] = await Promise.all([this.geo.features('roads'), this.geo.features('units')]);
    const last = this.last;
    if (last && last.roads === roads && last.units === units && this.now() - last.at < this.cacheMs) return last;
    // One recompute at a time: requests arriving meanwhile wait for the same one.
    this.running ??= this.recompute().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * The units whose stretches the caller gets: the unit asked for and everything below it (404
   * outside the caller's area, like a missing one), else the caller's area. Stretches outside
   * every outline (unit null) only for a province-wide caller asking for no unit.
   */
  private async area(scope: Scope, unitId: string | undefined): Promise<{ has: (id: string | null) => boolean } | Refusal> {
    if (unitId !== undefined) {
      if (!scopeHasUnit(scope, unitId) || !(await this.unitTree.exists(unitId))) return notFound(`unit ${unitId}`);
      const under = await this.unitTree.subtreeOf([unitId]);
      return { has: (id) => id !== null && under.has(id) && scopeHasUnit(scope, id) };
    }
    if (scope.all) return { has: () => true };
    return { has: (id) => id !== null && scope.units.has(id) };
  }
}
