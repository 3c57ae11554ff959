import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync, RawServerDefault } from 'fastify';
import type { Logger } from 'pino';
import { AlertEngine } from '../alerts/alert-engine.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { AuthService } from '../auth/auth-service.ts';
import type { ApiDeps } from './api-deps.ts';
import { createApiMetrics, type ApiMetrics } from './api-metrics.ts';
import { FleetReadRepository } from '../fleet/fleet-read-repository.ts';
import { UnitRepository } from '../fleet/unit-repository.ts';
import { FleetWriteService } from '../fleet/fleet-write-service.ts';
import { FleetQueryService } from '../fleet/fleet-query-service.ts';
import { RepairQueueService } from '../fleet/repair-queue-service.ts';
import { InventoryExportService } from '../inventory/inventory-export-service.ts';
import { ReportService } from '../reports/report-service.ts';
import { ReadinessService } from '../status/readiness-service.ts';
import { SnapshotRefService } from '../snapshots/snapshot-ref-service.ts';
import { InventoryExportRepository } from '../inventory/inventory-export-repository.ts';
import { ReportRepository } from '../reports/report-repository.ts';
import { ProgrammeService } from '../reports/programme-service.ts';
import { HealthRepository } from '../status/health-repository.ts';
import { UnitUptimeCache } from '../fleet/unit-uptime-cache.ts';
import { SnapshotLinks } from '../snapshots/snapshot-links.ts';
import { SnapshotReadRepository } from '../snapshots/snapshot-read-repository.ts';
import { SigningKeyRepository } from '../snapshots/signing-key-repository.ts';
import type { TypeBoxProvider } from './type-provider.ts';
import { CommandRepository } from '../commands/command-repository.ts';
import { CommandService } from '../commands/command-service.ts';
import { UsersService } from '../users/users-service.ts';
import { MaintenanceService } from '../maintenance/maintenance-service.ts';
import { AlertChannelService } from '../alerts/alert-channel-service.ts';
import { AlertService } from '../alerts/alert-service.ts';
import { CredentialService } from '../credentials/credential-service.ts';
import { InventoryImportService } from '../inventory/inventory-import-service.ts';
import { StationDetailService } from '../fleet/station-detail-service.ts';
import { CameraTimelineService } from '../fleet/camera-timeline.ts';
import { FleetVersionService } from '../fleet/fleet-version-service.ts';
import { SnapshotViewService } from '../snapshots/snapshot-view-service.ts';
import { AimFlagRepository } from '../references/aim-flag-repository.ts';
import { AimFlagService } from '../references/aim-flag-service.ts';
import { BudgetRepository } from '../fleet/budget-repository.ts';
import { BudgetService } from '../fleet/budget-service.ts';
import { PrivateCameraRepository } from '../private-cameras/private-camera-repository.ts';
import { PrivateCameraService } from '../private-cameras/private-camera-service.ts';
import { PrivateCameraConnectionRepository } from '../private-cameras/private-camera-connection-repository.ts';
import { PrivateCameraConnectionService } from '../private-cameras/private-camera-connection-service.ts';
import { CollectorTargetsPublisher } from '../private-cameras/collector-targets-publisher.ts';
import { RecorderCredentialsBox } from '../private-cameras/recorder-credentials-box.ts';
import { WorkOrderRepository } from '../work-orders/work-order-repository.ts';
import { WorkOrderService } from '../work-orders/work-order-service.ts';
import { CoverageService } from '../coverage/coverage-service.ts';
import { CoverageRepository } from '../coverage/coverage-repository.ts';
import { databaseSources } from '../coverage/coverage-sources.ts';
import { InvestigationService } from '../investigations/investigation-service.ts';
import { GeoFiles } from '../map/geo-files.ts';

/**
 * Services built once per API instance and handed to every route plugin. Only services: a route
 * never reaches a repository, not even to read (lint rule hub/routes-call-services).
 */
export interface ApiContext {
  deps: ApiDeps;
  auth: AuthService;
  audit: AuditLog;
  metrics: ApiMetrics;
  log: Logger;
  /** Stations, cameras and units within the caller's area: the "404 outside my area" lookups, the map, unit summaries. */
  fleetQuery: FleetQueryService;
  repairQueue: RepairQueueService;
  /** Station and camera changes, each audited. */
  fleetWrites: FleetWriteService;
  /** The station panel. */
  stationDetails: StationDetailService;
  cameraTimelines: CameraTimelineService;
  /** Agent versions in an area. */
  fleetVersions: FleetVersionService;
  /** The inventory of the caller's area as YAML, JSON or one CSV table. */
  inventoryExport: InventoryExportService;
  /** A whole province's inventory through the API, audited. */
  inventoryImport: InventoryImportService;
  reports: ReportService;
  readiness: ReadinessService;
  /** Snapshots as URLs signed for one user. */
  snapshotRefs: SnapshotRefService;
  alerts: AlertEngine;
  /** Commands to stations (publish, state, list). */
  commands: CommandService;
  /** Accounts: admins manage users in their area; a user changes their own password and language. */
  users: UsersService;
  maintenance: MaintenanceService;
  alertChannels: AlertChannelService;
  /** Reading, acknowledging and tuning alerts (the engine evaluates and delivers them). */
  alertService: AlertService;
  /** The image behind a signed snapshot URL, each view audited. */
  snapshotViews: SnapshotViewService;
  /** Station broker credentials and claim codes, each change audited and synced to the broker(s). */
  credentials: CredentialService;
  /** Cameras flagged as aimed wrongly (set/clear, audited). */
  aimFlags: AimFlagService;
  /** Stations' daily byte budgets (over, projected over, on-change snapshots). */
  budget: BudgetService;
  /** Repair work orders (the alert engine opens them too, with its own instance). */
  workOrders: WorkOrderService;
  /** The programme's own report (units at any depth, priority roads, border units). */
  programme: ProgrammeService;
  /** Road coverage (per road, per unit) from the map's roads and the cameras' views. */
  coverage: CoverageService;
  /** "Who could have seen it": cameras covering a spot over a window, audited. */
  investigations: InvestigationService;
  /** The register of private street cameras (Decree 13: contact reads and erasures audited). */
  privateCameras: PrivateCameraService;
  /** Owners' recorders connected to a collector (live_connection consent), their credentials sealed. */
  privateCameraConnections: PrivateCameraConnectionService;
  /** Hands each collector its list of recorders (retained MQTT). */
  collectorTargets: CollectorTargetsPublisher;
}

/** The `hub_secrets` key that seals owners' recorder credentials. */
const RECORDER_CREDENTIALS_KEY = 'private-camera-recorder-credentials';

/** Builds the API's services from its dependencies (the composition root calls it; so do API tests). */
export function createApiContext(deps: ApiDeps): ApiContext {
  const audit = new AuditLog(deps.db);
  const brokerSync = deps.brokerSync;
  const fleet = new FleetReadRepository(deps.db);
  const snapshotLinks = new SnapshotLinks(deps.db, deps.config.snapshotUrlTtlMs);
  const snapshotsRead = new SnapshotReadRepository(deps.db);
  const units = new UnitRepository(deps.db);
  const workOrders = new WorkOrderService(deps.db, new WorkOrderRepository(), audit, deps.logger.child({ part: 'work-orders' }));
  const geoFiles = new GeoFiles(deps.config.geoDir);

  const connectionRepo = new PrivateCameraConnectionRepository();
  const signingKeys = new SigningKeyRepository(deps.db);
  const credentialsBox = new RecorderCredentialsBox(() => signingKeys.getOrCreate(RECORDER_CREDENTIALS_KEY));
  const collectorTargets = new CollectorTargetsPublisher(
    deps.db,
    connectionRepo,
    credentialsBox,
    deps.publish ?? null,
    deps.logger.child({ part: 'collector-targets' }),
  );
  const connections = new PrivateCameraConnectionService(
    deps.db,
    connectionRepo,
    credentialsBox,
    collectorTargets,
    audit,
    deps.logger.child({ part: 'private-camera-connections' }),
  );
  const programme = new ProgrammeService(
    deps.db,
    deps.uptime,
    workOrders,
    Date.now,
    () => geoFiles.features('roads'),
    undefined,
    (unitIds) => connections.counts(unitIds),
  );
  const alerts = deps.alerts ?? new AlertEngine({ db: deps.db, log: deps.logger, registry: deps.registry, uptime: deps.uptime });
  return {
    deps,
    auth: new AuthService(deps.db, deps.config.sessionTtlMs),
    audit,
    metrics: createApiMetrics(deps.registry),
    log: deps.logger.child({ part: 'api' }),
    fleetQuery: new FleetQueryService(fleet, units, new UnitUptimeCache(deps.uptime)),
    repairQueue: new RepairQueueService(fleet, snapshotLinks, snapshotsRead),
    fleetWrites: new FleetWriteService(
      deps.db,
      audit,
      brokerSync ? (id) => brokerSync.changed(id) : undefined,
      // Never fails the station write: logged, and redone by the next write or hub start.
      () =>
        connections.rebalance().then(
          () => undefined,
          (err: Error) => deps.logger.error({ err: err.message }, 'private camera connections not rebalanced'),
        ),
    ),
    stationDetails: new StationDetailService(deps.db, fleet, deps.uptime, snapshotLinks, snapshotsRead),
    fleetVersions: new FleetVersionService(deps.db),
    cameraTimelines: new CameraTimelineService(deps.db),
    inventoryExport: new InventoryExportService(new InventoryExportRepository(deps.db), deps.config.provinceName),
    inventoryImport: new InventoryImportService(deps.db, audit, async () => deps.brokerSync?.writeMosquittoFiles()),
    reports: new ReportService({
      uptime: deps.uptime,
      fleet,
      reports: new ReportRepository(deps.db),
      snapshots: snapshotsRead,
      links: snapshotLinks,
      workOrders,
      programme,
    }),
    readiness: new ReadinessService(new HealthRepository(deps.db), deps),
    snapshotRefs: new SnapshotRefService(snapshotLinks, snapshotsRead),
    snapshotViews: new SnapshotViewService(snapshotLinks, snapshotsRead, deps.snapshots, audit),
    commands: new CommandService(deps.db, new CommandRepository(), audit, deps.publish ?? null, deps.logger.child({ part: 'commands' }), {
      ttlMs: deps.config.commandTtlMs,
      ratePerStation: deps.config.commandsPerStationPerMinute,
      rateWindowMs: 60_000,
    }),
    alerts,
    users: new UsersService(deps.db, audit),
    maintenance: new MaintenanceService(deps.db, audit, fleet, units),
    alertChannels: new AlertChannelService(deps.db, audit, units, alerts),
    alertService: new AlertService(deps.db, audit, alerts),
    // deps.brokerSync is read at each change, not now: a test may attach a broker after building the context.
    credentials: new CredentialService(deps.db, { audit, changed: async (id, revoked) => deps.brokerSync?.changed(id, revoked) }),
    aimFlags: new AimFlagService(deps.db, new AimFlagRepository(), audit),
    budget: new BudgetService(new BudgetRepository(deps.db)),
    workOrders,
    programme,
    coverage: new CoverageService(geoFiles, databaseSources(new CoverageRepository(deps.db)), units),
    investigations: new InvestigationService(deps.db, new GeoFiles(deps.config.geoDir), snapshotLinks, audit),
    privateCameras: new PrivateCameraService(deps.db, new PrivateCameraRepository(), audit, Date.now, connections),
    privateCameraConnections: connections,
    collectorTargets,
  };
}

export type RoutePlugin = FastifyPluginAsync<{ ctx: ApiContext }, RawServerDefault, TypeBoxProvider>;
export type TypedApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxProvider>;
