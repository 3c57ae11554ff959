import type {
  ProgrammeReport,
  ProgrammeReportQuery,
  CameraUptime,
  NeverReportedItem,
  OutageReport,
  OutageReportQuery,
  ReportRangeQuery,
  StationUptime,
  UnitBreakdown,
  UptimeQuery,
  UptimeRangeQuery,
  UptimeReport,
  UptimeSeries,
  WorkOrderReport,
  WorkOrderReportQuery,
} from '@camwatch/config';
import type { Principal } from '../auth/auth-service.ts';
import type { FleetReadRepository } from '../fleet/fleet-read-repository.ts';
import type { SnapshotLinks } from '../snapshots/snapshot-links.ts';
import type { SnapshotReadRepository } from '../snapshots/snapshot-read-repository.ts';
import { resolveRange, type UptimeService } from '../uptime/index.ts';
import type { WorkOrderService } from '../work-orders/work-order-service.ts';
import { isRefusal, notFound, type Refusal } from '../service-refusal.ts';
import { buildOutageReport } from './outage-report.ts';
import type { ReportRepository } from './report-repository.ts';
import { reportScope } from './report-scope.ts';
import type { ProgrammeService } from './programme-service.ts';
import { buildUptimeReport } from './uptime-report.ts';
import { buildWorkOrderReport } from './work-order-report.ts';

/**
 * The programme's reports, each limited to the caller's area: a unit, station or camera asked
 * for outside it is refused like a missing one (see reportScope). Rendering as CSV or HTML is the
 * routes' part; so is the HTTP error for a refusal.
 */
export class ReportService {
  constructor(
    private readonly deps: {
      uptime: UptimeService;
      fleet: FleetReadRepository;
      reports: ReportRepository;
      snapshots: SnapshotReadRepository;
      links: SnapshotLinks;
      workOrders: Pick<WorkOrderService, 'unitStats'>;
      programme: Pick<ProgrammeService, 'report'>;
    },
  ) {}

  /** The programme report of a unit (or the caller's own, or the province) and every unit below it. */
  async programme(p: Principal, q: ProgrammeReportQuery): Promise<ProgrammeReport | Refusal> {
    const scope = await reportScope(this.deps.fleet, p, q.unitId === undefined ? {} : { unitId: q.unitId });
    if (isRefusal(scope)) return scope;
    return (await this.deps.programme.report(scope.id, q)) ?? notFound(`unit ${scope.id}`);
  }

  /** Uptime by commune or district for local days from..to. */
  async uptimeTable(p: Principal, q: UptimeQuery): Promise<UptimeReport> {
    return buildUptimeReport(this.deps.uptime, await this.deps.fleet.units(), p.scope, q);
  }

  async outages(p: Principal, q: OutageReportQuery): Promise<OutageReport | Refusal> {
    const { uptime, snapshots, links, reports } = this.deps;
    const scope = await reportScope(this.deps.fleet, p, q);
    if (isRefusal(scope)) return scope;
    return buildOutageReport({ uptime, snapshots, links, stationInfo: (ids) => reports.stationInfo(ids) }, p, scope, resolveRange(q));
  }

  async workOrders(p: Principal, q: WorkOrderReportQuery, now: number): Promise<WorkOrderReport> {
    return buildWorkOrderReport(await this.deps.fleet.units(), this.deps.workOrders, p, q, now);
  }

  async unitBreakdown(p: Principal, unitId: string, q: ReportRangeQuery): Promise<UnitBreakdown | Refusal> {
    const scope = await reportScope(this.deps.fleet, p, { unitId });
    if (isRefusal(scope)) return scope;
    const b = await this.deps.uptime.unitBreakdown(scope.id, resolveRange(q), q.attribution ? { attribution: q.attribution } : {});
    return b ?? notFound(`unit ${unitId}`);
  }

  async stationUptime(p: Principal, stationId: string, q: UptimeRangeQuery): Promise<StationUptime | Refusal> {
    const scope = await reportScope(this.deps.fleet, p, { stationId });
    return isRefusal(scope) ? scope : this.deps.uptime.stationUptime(scope.id, resolveRange(q));
  }

  async cameraUptime(p: Principal, cameraId: string, q: UptimeRangeQuery): Promise<CameraUptime | Refusal> {
    const scope = await reportScope(this.deps.fleet, p, { cameraId });
    if (isRefusal(scope)) return scope;
    return (await this.deps.uptime.cameraUptime(scope.id, resolveRange(q))) ?? notFound(`camera ${cameraId}`);
  }

  async daily(p: Principal, q: OutageReportQuery): Promise<UptimeSeries | Refusal> {
    const scope = await reportScope(this.deps.fleet, p, q);
    return isRefusal(scope) ? scope : this.deps.uptime.dailySeries(scope, resolveRange(q));
  }

  /** Stations in the area that never sent a message. */
  async neverReported(p: Principal): Promise<NeverReportedItem[]> {
    return this.deps.reports.neverReported(p.scope);
  }
}
