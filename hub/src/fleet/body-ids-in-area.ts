import { scopeHasUnit, type Scope } from '../auth/scope.ts';
import { ApiError } from '../http/api-error.ts';
import type { FleetReadRepository } from './fleet-read-repository.ts';

/*
 * Ids a write names in its body (not its URL). One outside the caller's area is answered exactly
 * like one that does not exist, a validation error (400) on that field, so the answer never tells what lies outside.
 */

export async function requireStationInArea(fleet: FleetReadRepository, scope: Scope, stationId: string): Promise<void> {
  if (!(await fleet.station(scope, stationId)))
    throw ApiError.validation([{ path: 'body/stationId', message: `unknown station ${stationId}` }]);
}

/** `unitExists` decides which units count: station writes want one in service, maintenance any on record. */
export async function requireUnitInArea(unitExists: (id: string) => Promise<boolean>, scope: Scope, unitId: string): Promise<void> {
  if (!scopeHasUnit(scope, unitId) || !(await unitExists(unitId)))
    throw ApiError.validation([{ path: 'body/unitId', message: `unknown unit ${unitId}` }]);
}
