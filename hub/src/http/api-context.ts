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
import { InventoryWriteRepository } from '../inventory/inventory-write-repository.ts';
import { InventoryExportRepository } from '../inventory/inventory-export-repository.ts';
import { ReportRepository } from '../reports/report-repository.ts';
import { HealthRepository } from '../status/health-repository.ts';
import { UnitUptimeCache } from '../fleet/unit-uptime-cache.ts';
import { SnapshotLinks } from '../snapshots/snapshot-links.ts';
import { SnapshotReadRepository } from '../snapshots/snapshot-read-repository.ts';
import type { TypeBoxProvider } from './type-provider.ts';
import { CommandRepository } from '../commands/command-repository.ts';
import { CommandService } from '../commands/command-service.ts';
import { WorkOrderRepository } from '../work-orders/work-order-repository.ts';
import { WorkOrderService } from '../work-orders/work-order-service.ts';

/** Services built once per API instance and handed to every route plugin. */
export interface ApiContext {
  deps: ApiDeps;
  auth: AuthService;
  audit: AuditLog;
  metrics: ApiMetrics;
  log: Logger;
  fleet: FleetReadRepository;
  units: UnitRepository;
  /** Station and camera changes, each audited. */
  fleetWrites: FleetWriteService;
  inventoryExport: InventoryExportRepository;
  reports: ReportRepository;
  health: HealthRepository;
  unitUptime: UnitUptimeCache;
  snapshotLinks: SnapshotLinks;
  snapshotsRead: SnapshotReadRepository;
  alerts: AlertEngine;
  /** Commands to stations (publish, state, list). */
  commands: CommandService;
  /** Repair work orders (the alert engine opens them too, with its own instance). */
  workOrders: WorkOrderService;
}

/** Builds the API's services from its dependencies (the composition root calls it; so do API tests). */
export function createApiContext(deps: ApiDeps): ApiContext {
  const audit = new AuditLog(deps.db);
  const brokerSync = deps.brokerSync;
  return {
    deps,
    auth: new AuthService(deps.db, deps.config.sessionTtlMs),
    audit,
    metrics: createApiMetrics(deps.registry),
    log: deps.logger.child({ part: 'api' }),
    fleet: new FleetReadRepository(deps.db),
    units: new UnitRepository(deps.db),
    fleetWrites: new FleetWriteService(
      new InventoryWriteRepository(deps.db),
      audit,
      brokerSync ? (id) => brokerSync.changed(id) : undefined,
    ),
    inventoryExport: new InventoryExportRepository(deps.db),
    reports: new ReportRepository(deps.db),
    health: new HealthRepository(deps.db),
    unitUptime: new UnitUptimeCache(deps.uptime),
    snapshotLinks: new SnapshotLinks(deps.db, deps.config.snapshotUrlTtlMs),
    snapshotsRead: new SnapshotReadRepository(deps.db),
    commands: new CommandService(deps.db, new CommandRepository(), deps.publish ?? null, deps.logger.child({ part: 'commands' }), {
      ttlMs: deps.config.commandTtlMs,
      ratePerStation: deps.config.commandsPerStationPerMinute,
      rateWindowMs: 60_000,
    }),
    workOrders: new WorkOrderService(deps.db, new WorkOrderRepository(), audit, deps.logger.child({ part: 'work-orders' })),
    alerts: deps.alerts ?? new AlertEngine({ db: deps.db, log: deps.logger, registry: deps.registry, uptime: deps.uptime }),
  };
}

export type RoutePlugin = FastifyPluginAsync<{ ctx: ApiContext }, RawServerDefault, TypeBoxProvider>;
export type TypedApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxProvider>;
