import type { ApiContext, RoutePlugin, TypedApp } from '../api-context.ts';
import alertChannels from './api/alert-channels/index.ts';
import alertRules from './api/alert-rules/index.ts';
import alerts from './api/alerts/index.ts';
import audit from './api/audit/index.ts';
import auth from './api/auth/index.ts';
import cameras from './api/cameras/index.ts';
import config from './api/config/index.ts';
import geo from './api/geo/index.ts';
import inventory from './api/inventory/index.ts';
import live from './api/live/index.ts';
import maintenance from './api/maintenance/index.ts';
import map from './api/map/index.ts';
import me from './api/me/index.ts';
import provision from './api/provision/index.ts';
import ready from './api/ready/index.ts';
import repairQueue from './api/repair-queue/index.ts';
import reports from './api/reports/index.ts';
import snapshots from './api/snapshots/index.ts';
import stationCredentials from './api/stations/credentials.ts';
import stations from './api/stations/index.ts';
import units from './api/units/index.ts';
import users from './api/users/index.ts';

/** Route plugins by URL prefix (relative to /api); the folder tree mirrors the URLs. */
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
  ['/stations', stations],
  ['/stations', stationCredentials],
  ['/cameras', cameras],
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
];

export async function registerRoutes(app: TypedApp, ctx: ApiContext): Promise<void> {
  for (const [prefix, plugin] of TABLE) await app.register(plugin, { prefix, ctx });
}
