import {
  defaultValue,
  metresToLine,
  PRIORITY_ROADS,
  type GeoFeature,
  type PriorityRoad,
  priorityRoadOf,
  type ProgrammeFigures,
  type ProgrammeGroupRow,
  type ProgrammeReport,
  type ProgrammeReportQuery,
  type ProgrammeUnitRow,
  type UptimeAggregate,
} from '@camwatch/config';
import type { Db } from '../db/db.ts';
import type { UptimeService } from '../uptime/index.ts';
import type { WorkOrderService } from '../work-orders/work-order-service.ts';
import { programmePeriod, type ProgrammePeriodRange } from './programme-period.ts';
import { ProgrammeRepository, type ProgrammeStation, type ProgrammeUnit } from './programme-repository.ts';
import { uptimeOfUnits } from './unit-uptime-batch.ts';
import { roadLines } from '../coverage/road-lines.ts';

/** The map's road lines (roads.geojson); none when the hub has no map layers. */
export type RoadFeatures = () => Promise<GeoFeature[]>;

type Counts = Omit<ProgrammeFigures, 'availabilityPct' | 'uptimePct' | 'ordersOpened' | 'ordersClosed' | 'mttrMs'>;

/** Station counts of a group: leaf units given by the caller, everything else summed from its stations. */
function countStations(stations: readonly ProgrammeStation[], leaves: ReadonlySet<string>, leafUnits: number): Counts {
  const live = stations.filter((s) => s.inService);
  return {
    unitsWithStations: new Set(live.filter((s) => leaves.has(s.unitId)).map((s) => s.unitId)).size,
    leafUnits,
    stations: live.length,
    cameras: live.reduce((n, s) => n + s.cameras, 0),
    camerasWorking: live.reduce((n, s) => n + s.camerasWorking, 0),
    camerasAdded: stations.reduce((n, s) => n + s.camerasAdded, 0),
    camerasRetired: stations.reduce((n, s) => n + s.camerasRetired, 0),
  };
}

const pcts = (a: UptimeAggregate | null | undefined) => ({ availabilityPct: a?.availabilityPct ?? null, uptimePct: a?.uptimePct ?? null });

/**
 * The programme's own report for a unit (already checked against the caller's area): the unit
 * and each unit below it at any depth, each rolled up over its subtree, so it reads the same
 * for province → district → commune and for the two-tier province → commune; then the priority
 * roads and the border units. Availability is the uptime reports' honest figure over the period
 * up to now (a period still running is measured so far; a future one has none).
 */
export class ProgrammeService {
  private readonly repo: ProgrammeRepository;

  constructor(
    db: Db,
    private readonly uptime: UptimeService,
    private readonly orders: Pick<WorkOrderService, 'unitStats' | 'stationStats'>,
    private readonly now: () => number = Date.now,
    private readonly roadFeatures: RoadFeatures = async () => [],
    private readonly roadDistanceM: number = defaultValue('roadStationDistanceM'),
    /** Connected private cameras of these units (their own line); none when not wired. */
    private readonly connectedPrivate: (unitIds: readonly string[]) => Promise<{ cameras: number; working: number }> = async () => ({
      cameras: 0,
      working: 0,
    }),
  ) {
    this.repo = new ProgrammeRepository(db);
  }

  async report(rootId: string, q: Pick<ProgrammeReportQuery, 'period' | 'date'>): Promise<ProgrammeReport | null> {
    const period = programmePeriod(q.period, q.date);
    const units = await this.repo.subtree(rootId);
    const root = units.find((u) => u.id === rootId);
    if (!root) return null;
    const children = new Map<string, ProgrammeUnit[]>();
    for (const u of units) if (u.id !== rootId && u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
    for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    const leaves = new Set(units.filter((u) => !children.has(u.id)).map((u) => u.id));
    const stations = await this.repo.stations(
      units.map((u) => u.id),
      period.from,
      period.to,
    );
    const measured = this.measuredRange(period);
    const now = this.now();

    // Depth first from the root: each unit, then the units below it.
    const ordered: { unit: ProgrammeUnit; depth: number; under: Set<string> }[] = [];
    const walk = (u: ProgrammeUnit, depth: number): Set<string> => {
      const entry = { unit: u, depth, under: new Set([u.id]) };
      ordered.push(entry);
      for (const c of children.get(u.id) ?? []) for (const id of walk(c, depth + 1)) entry.under.add(id);
      return entry.under;
    };
    walk(root, 0);

    const ids = ordered.map((e) => e.unit.id);
    const availability = measured ? await uptimeOfUnits(this.uptime, units, ids, measured) : new Map<string, UptimeAggregate | null>();
    const orderStats = await this.orders.unitStats(ids, period.from, period.to, now);
    const rows: ProgrammeUnitRow[] = ordered.map(({ unit, depth, under }) => {
      const o = orderStats.get(unit.id);
      return {
        unitId: unit.id,
        unitName: unit.name,
        kind: unit.kind,
        parentId: unit.parentId,
        depth,
        border: unit.border,
        ...countStations(
          stations.filter((s) => under.has(s.unitId)),
          leaves,
          [...under].filter((id) => leaves.has(id)).length,
        ),
        ...pcts(availability.get(unit.id)),
        ordersOpened: o?.opened ?? 0,
        ordersClosed: o?.verified ?? 0,
        mttrMs: o?.mttr_ms ?? null,
      };
    });

    const group = async (key: string, label: string, members: ProgrammeStation[], leafUnits: number): Promise<ProgrammeGroupRow> => {
      const live = members.filter((s) => s.inService).map((s) => s.id);
      const agg = measured && live.length > 0 ? await this.uptime.stationsUptime(live, measured) : null;
      const stats = await this.orders.stationStats(
        members.map((s) => s.id),
        period.from,
        period.to,
      );
      const sum = [...stats.values()].reduce(
        (a, s) => ({ opened: a.opened + s.opened, verified: a.verified + s.verified, ms: a.ms + s.repair_ms_sum }),
        { opened: 0, verified: 0, ms: 0 },
      );
      return {
        key,
        label,
        ...countStations(members, leaves, leafUnits),
        ...pcts(agg),
        ordersOpened: sum.opened,
        ordersClosed: sum.verified,
        mttrMs: sum.verified === 0 ? null : Math.round(sum.ms / sum.verified),
      };
    };
    const roads: ProgrammeGroupRow[] = [];
    const geometry = await this.priorityRoadLines();
    for (const road of PRIORITY_ROADS) {
      const lines = geometry.get(road);
      const members = lines
        ? stations.filter((s) => lines.some((line) => metresToLine(s, line) <= this.roadDistanceM))
        : stations.filter((s) => priorityRoadOf(s.road) === road);
      roads.push({ ...(await group(road, road, members, 0)), matchedBy: lines ? 'geometry' : 'road_text' });
    }
    const connected = await this.connectedPrivate(ids);
    // Their own figures, never in the programme's above.
    const connectedUptime = measured ? await this.uptime.connectedPrivateUptime(ids, measured) : null;
    const borderUnits = new Set(ordered.filter((e) => e.unit.border).flatMap((e) => [...e.under]));
    const border = await group(
      'border',
      'Xã, phường biên giới',
      stations.filter((s) => borderUnits.has(s.unitId)),
      [...borderUnits].filter((id) => leaves.has(id)).length,
    );
    return {
      period: q.period,
      from: period.first,
      to: period.last,
      unitId: root.id,
      unitName: root.name,
      units: rows,
      roads,
      roadDistanceM: this.roadDistanceM,
      border,
      connectedPrivate: { cameras: connected.cameras, camerasWorking: connected.working, ...pcts(connectedUptime) },
    };
  }

  /** The map's lines of each priority road (QL1A counts as QL1, as in the road text). */
  private async priorityRoadLines(): Promise<Map<PriorityRoad, number[][][]>> {
    const out = new Map<PriorityRoad, number[][][]>();
    for (const line of roadLines(await this.roadFeatures())) {
      const road = priorityRoadOf(line.code);
      if (road) out.set(road, [...(out.get(road) ?? []), line.coordinates]);
    }
    return out;
  }

  /** The part of the period already lived: availability of a future day is not a figure. */
  private measuredRange(p: ProgrammePeriodRange): { from: number; to: number } | null {
    const to = Math.min(p.to, this.now());
    return to > p.from ? { from: p.from, to } : null;
  }
}
