import type { FastifyInstance } from 'fastify';
import type { ApiContext, RoutePlugin, TypedApp } from './api-context.ts';
import healthRoutes from '../status/health-routes.ts';
import metricsRoutes from './metrics-routes.ts';
import alertChannels from '../alerts/alert-channels-routes.ts';
import alertRules from '../alerts/alert-rules-routes.ts';
import alerts from '../alerts/alerts-routes.ts';
import audit from '../audit/audit-routes.ts';
import auth from '../auth/auth-routes.ts';
import cameras from '../fleet/cameras-routes.ts';
import aimFlags from '../references/aim-flag-routes.ts';
import commands from '../commands/commands-routes.ts';
import config from './config-routes.ts';
import coverage from '../coverage/coverage-routes.ts';
import fleet from '../fleet/fleet-routes.ts';
import geo from '../map/geo-routes.ts';
import inventory from '../inventory/inventory-routes.ts';
import live from '../live/live-routes.ts';
import maintenance from '../maintenance/maintenance-routes.ts';
import map from '../map/map-routes.ts';
import me from '../auth/me-routes.ts';
import privateCameras from '../private-cameras/private-cameras-routes.ts';
import privateCameraTemplate from '../private-cameras/private-camera-template-routes.ts';
import provision from '../credentials/provision-routes.ts';
import ready from './ready-routes.ts';
import repairQueue from '../fleet/repair-queue-routes.ts';
import reports from '../reports/reports-routes.ts';
import snapshots from '../snapshots/snapshots-routes.ts';
import stations from '../fleet/stations-routes.ts';
import units from '../fleet/units-routes.ts';
import users from '../users/users-routes.ts';
import workOrders from '../work-orders/work-orders-routes.ts';
import investigations from '../investigations/investigations-routes.ts';

/**
 * Every route of the hub, in one place. Each module lives in its feature's folder as `*-routes.ts`.
 *
 * The hub's own routes, outside /api's hooks (no session): GET /api/health, GET /metrics.
 */
export async function registerHubRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
}

/** The API's route plugins by URL prefix (relative to /api), registered by the API plugin after its hooks. */
const TABLE: [string, RoutePlugin][] = [
  ['/auth', auth],
  ['/me', me],
  ['/config', config],
  ['/ready', ready],
  ['/users', users],
  ['/audit', audit],
  ['/map', map],
  ['/units', units],
  ['/geo', geo],
  ['/coverage', coverage],
  ['/stations', stations],
  ['/fleet', fleet],
  ['/cameras', cameras],
  ['/cameras', aimFlags],
  ['/snapshots', snapshots],
  ['/repair-queue', repairQueue],
  ['/provision', provision],
  ['/alerts', alerts],
  ['/alert-rules', alertRules],
  ['/alert-channels', alertChannels],
  ['/maintenance', maintenance],
  ['/reports', reports],
  ['/live', live],
  ['/inventory', inventory],
  ['/work-orders', workOrders],
  ['/investigations', investigations],
  ['/private-cameras', privateCameras],
  ['/private-cameras', privateCameraTemplate],
  // Under /stations/:id/commands and /commands/:commandId.
  ['', commands],
];

export async function registerApiRoutes(app: TypedApp, ctx: ApiContext): Promise<void> {
  for (const [prefix, plugin] of TABLE) await app.register(plugin, { prefix, ctx });
}
