import {
  isValidId,
  type CameraUptime,
  type Outage,
  type OutageList,
  type StationUptime,
  type UnitAttribution,
  type UnitBreakdown,
  type UnitUptime,
  type UptimeAggregate,
  type UptimeFigures,
  type UptimeScope,
  type UptimeSeries,
} from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { aggregate, figuresOf, type MeasuredCamera } from './uptime-aggregate.ts';
import { cameraScope, measure, openIntervalsUntil, type CameraUptimeResult } from './uptime-calculator.ts';
import { withoutJit } from '../db/without-jit.ts';
import { UptimeDaysRepository } from './uptime-days-repository.ts';
import { loadInputs, measureSlice, type UptimeInputs } from './uptime-inputs.ts';
import { UptimeRollupReader } from './uptime-rollup-reader.ts';
import { rollupDaily, type SeriesDay } from './uptime-rollup-series.ts';
import { customRange, localDays, UptimeQueryError, type UptimeRange } from './uptime-range.ts';
import { UptimeRepository, type CameraSlice, type ScopeSelector } from './uptime-repository.ts';
import { buildTimeline } from './status-timeline.ts';

export interface UptimeServiceOptions {
  /** Clock; open intervals end at now and later time is not counted. */
  now?: () => number;
  /**
   * Unit figures from the closed-day rows (camera_uptime_days) plus live maths for the rest
   * (default true); false measures everything from the raw intervals. Both give the same figures.
   */
  rollups?: boolean;
}

interface Loaded extends UptimeInputs {
  slices: CameraSlice[];
  asOf: number;
}

/**
 * Uptime, outages, MTTR/MTBF for a camera, a station or a unit (with every unit below it),
 * over any range. Reads the status intervals fresh on every call, so replayed data that
 * rewrote history is reflected at once.
 */
export class UptimeService {
  private readonly repo: UptimeRepository;
  private readonly now: () => number;
  private readonly rollups: UptimeRollupReader | null;
  private readonly days: UptimeDaysRepository;

  constructor(pool: Db, options: UptimeServiceOptions = {}) {
    const db = withoutJit(pool);
    this.repo = new UptimeRepository(db);
    this.now = options.now ?? Date.now;
    this.days = new UptimeDaysRepository(db);
    this.rollups =
      options.rollups === false
        ? null
        : new UptimeRollupReader(this.days, async (slices, range, asOf) => {
            const inputs = await loadInputs(this.repo, slices, range);
            return slices.map((s) => figuresOf(measureSlice(inputs, s, range, asOf)));
          });
  }

  /** null when the camera does not exist or was retired before the range. */
  async cameraUptime(cameraId: string, range: UptimeRange): Promise<CameraUptime | null> {
    const loaded = await this.load({ kind: 'camera', id: cameraId }, range);
    const slice = loaded.slices[0];
    if (!slice) return null;
    const r = this.compute(loaded, slice, range);
    return {
      cameraId,
      stationId: slice.stationId,
      from: range.from,
      to: range.to,
      ...figuresOf(r),
      outages: r.outages.map((o) => ({ cameraId, stationId: slice.stationId, ...o })),
    };
  }

  async stationUptime(stationId: string, range: UptimeRange): Promise<StationUptime> {
    const measured = this.measureAll(await this.load({ kind: 'station', id: stationId }, range), range);
    return {
      stationId,
      from: range.from,
      to: range.to,
      total: aggregate(measured),
      cameras: measured.map((m) => ({ cameraId: m.cameraId, stationId: m.stationId, ...m.figures })),
    };
  }

  /**
   * One aggregate over a set of stations that is not a unit (the stations along a road, the
   * border units' stations): each station measured as stationUptime does, then summed.
   */
  async stationsUptime(stationIds: readonly string[], range: UptimeRange): Promise<UptimeAggregate> {
    const measured: MeasuredCamera[] = [];
    for (const id of stationIds) measured.push(...this.measureAll(await this.load({ kind: 'station', id }, range), range));
    return aggregate(measured);
  }

  /**
   * The connected private cameras registered in `unitIds` over the range, measured by the same
   * maths as programme cameras but aggregated on their own (reports keep them on a separate line);
   * null when there are none. Raw intervals: the day rollups hold programme cameras only.
   */
  async connectedPrivateUptime(unitIds: readonly string[], range: UptimeRange): Promise<UptimeAggregate | null> {
    for (const id of unitIds) this.checkId(id);
    customRange(range.from, range.to); // validates
    const slices = await this.repo.connectedPrivateSlices(unitIds);
    if (slices.length === 0) return null;
    const inputs = await loadInputs(this.repo, slices, range);
    const asOf = this.now();
    return aggregate(slices.map((s) => this.measured(s, measureSlice(inputs, s, range, asOf))));
  }

  /** null when the unit does not exist. `historical` (default) counts a moved station where it was at the time. */
  async unitUptime(unitId: string, range: UptimeRange, options: { attribution?: UnitAttribution } = {}): Promise<UnitUptime | null> {
    const attribution = options.attribution ?? 'historical';
    const units = await this.repo.unitAndChildren(this.checkId(unitId));
    if (units.length === 0) return null;
    const selector: ScopeSelector = { kind: 'unit', id: unitId, attribution };
    if (this.rollups) {
      const measured = await this.measureByRollups(selector, range);
      return { unitId, from: range.from, to: range.to, attribution, total: aggregate(measured) };
    }
    const loaded = await this.load(selector, range);
    return { unitId, from: range.from, to: range.to, attribution, total: aggregate(this.measureAll(loaded, range)) };
  }

  /** The report table: one row per direct child (its whole subtree) and the unit's own stations as `direct`. */
  async unitBreakdown(unitId: string, range: UptimeRange, options: { attribution?: UnitAttribution } = {}): Promise<UnitBreakdown | null> {
    const attribution = options.attribution ?? 'historical';
    const [unit, ...children] = await this.repo.unitAndChildren(this.checkId(unitId));
    if (!unit) return null;
    const selector: ScopeSelector = { kind: 'unit', id: unitId, attribution };
    const byGroup = new Map<string, MeasuredCamera[]>();
    const add = (groupId: string | null, m: MeasuredCamera) =>
      byGroup.set(groupId ?? unitId, [...(byGroup.get(groupId ?? unitId) ?? []), m]);
    let total;
    if (this.rollups) {
      // Slices of one camera in several groups cover disjoint time: their sums are the camera's.
      const measured = await this.measureByRollups(selector, range);
      measured.forEach((m) => add(m.groupId, m));
      total = aggregate(measured);
    } else {
      const loaded = await this.load(selector, range);
      for (const slice of loaded.slices) add(slice.groupId, this.measured(slice, this.compute(loaded, slice, range)));
      total = aggregate(this.measureAll(loaded, range));
    }
    const direct = byGroup.get(unitId);
    return {
      unitId,
      name: unit.name,
      kind: unit.kind,
      from: range.from,
      to: range.to,
      attribution,
      total,
      direct: direct ? aggregate(direct) : null,
      children: children.map((c) => ({ unitId: c.id, name: c.name, kind: c.kind, ...aggregate(byGroup.get(c.id) ?? []) })),
    };
  }

  /** Every outage touching the range in the scope, oldest first. */
  async outages(scope: UptimeScope, range: UptimeRange): Promise<OutageList> {
    const loaded = await this.load(this.selector(scope), range);
    const outages: Outage[] = [];
    for (const slice of mergeByCamera(loaded.slices)) {
      for (const o of this.compute(loaded, slice, range).outages)
        outages.push({ cameraId: slice.cameraId, stationId: slice.stationId, ...o });
    }
    outages.sort((a, b) => a.startedAt - b.startedAt || a.cameraId.localeCompare(b.cameraId));
    return { from: range.from, to: range.to, outages };
  }

  /** Uptime per local day (Asia/Ho_Chi_Minh), days clipped to the range; closed days from the day rows. */
  async dailySeries(scope: UptimeScope, range: UptimeRange): Promise<UptimeSeries> {
    const selector = this.selector(scope);
    this.checkId(selector.id);
    customRange(range.from, range.to); // validates
    const asOf = this.now();
    const slices = mergeByCamera(await this.repo.cameraSlices(selector, range));
    const days = localDays(range);
    const points = this.rollups
      ? await rollupDaily(this.days, (s, d, at) => this.rawDaily(s, d, at), selector, slices, days, asOf)
      : await this.rawDaily(slices, days, asOf);
    return { from: range.from, to: range.to, points: days.map((d, i) => ({ ...d, ...(points[i] as UptimeAggregate) })) };
  }

  /** One timeline per camera over each run of contiguous days, measured day by day. */
  private async rawDaily(slices: readonly CameraSlice[], days: readonly SeriesDay[], asOf: number): Promise<UptimeAggregate[]> {
    const out: UptimeAggregate[] = [];
    for (let i = 0; i < days.length;) {
      let j = i + 1;
      while (j < days.length && (days[j] as SeriesDay).from === (days[j - 1] as SeriesDay).to) j++;
      const run = days.slice(i, j);
      const inputs = await loadInputs(this.repo, slices, { from: (run[0] as SeriesDay).from, to: (run[run.length - 1] as SeriesDay).to });
      const perDay: MeasuredCamera[][] = run.map(() => []);
      for (const slice of slices) {
        const timeline = buildTimeline(
          inputs.intervals.get(slice.cameraId) ?? [],
          openIntervalsUntil({ asOf, stationOfflineSince: slice.stationOfflineSince }),
          asOf,
        );
        const maintenance = inputs.maintenance.get(slice.stationId) ?? [];
        run.forEach((day, k) => {
          const scope = cameraScope({ ...slice, from: day.from, to: day.to, asOf });
          perDay[k]?.push(this.measured(slice, measure(timeline, scope, maintenance, inputs.unheard)));
        });
      }
      out.push(...perDay.map((list) => aggregate(list)));
      i = j;
    }
    return out;
  }

  private async load(selector: ScopeSelector, range: UptimeRange): Promise<Loaded> {
    this.checkId(selector.id);
    customRange(range.from, range.to); // validates
    const asOf = this.now();
    const slices = await this.repo.cameraSlices(selector, range);
    return { slices, ...(await loadInputs(this.repo, slices, range)), asOf };
  }

  /** Figures per slice (groupId kept) from the day rows plus live maths; see UptimeRollupReader. */
  private async measureByRollups(selector: ScopeSelector, range: UptimeRange): Promise<(MeasuredCamera & { groupId: string | null })[]> {
    this.checkId(selector.id);
    customRange(range.from, range.to); // validates
    const asOf = this.now();
    const slices = await this.repo.cameraSlices(selector, range);
    const figures = await (this.rollups as UptimeRollupReader).measure(selector, slices, range, asOf);
    return slices.map((s, i) => ({
      cameraId: s.cameraId,
      stationId: s.stationId,
      groupId: s.groupId,
      figures: figures[i] as UptimeFigures,
    }));
  }

  private compute(loaded: Loaded, slice: CameraSlice, range: UptimeRange): CameraUptimeResult {
    return measureSlice(loaded, slice, range, loaded.asOf);
  }

  private measureAll(loaded: Loaded, range: UptimeRange): MeasuredCamera[] {
    return mergeByCamera(loaded.slices).map((s) => this.measured(s, this.compute(loaded, s, range)));
  }

  private measured(slice: CameraSlice, r: CameraUptimeResult): MeasuredCamera {
    return { cameraId: slice.cameraId, stationId: slice.stationId, figures: figuresOf(r) };
  }

  private selector(scope: UptimeScope): ScopeSelector {
    return scope.kind === 'unit' ? { kind: 'unit', id: scope.id, attribution: scope.attribution ?? 'historical' } : scope;
  }

  private checkId(id: string): string {
    if (!isValidId(id)) throw new UptimeQueryError(`not a valid id: ${JSON.stringify(id).slice(0, 80)}`);
    return id;
  }
}

/** For totals: a moved camera's slices (one per child unit) become one, so its outages are not listed twice. */
function mergeByCamera(slices: readonly CameraSlice[]): CameraSlice[] {
  const byCamera = new Map<string, CameraSlice>();
  for (const s of slices) {
    const known = byCamera.get(s.cameraId);
    if (known) known.within = [...known.within, ...s.within];
    else byCamera.set(s.cameraId, { ...s, within: [...s.within] });
  }
  return [...byCamera.values()];
}
