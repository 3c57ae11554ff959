import { scopeHasUnit, type Scope } from '../auth/scope.ts';
import { refusalError } from '../http/refusal-error.ts';
import { invalid, type Refusal } from '../service-refusal.ts';
import type { FleetReadRepository } from './fleet-read-repository.ts';

/*
 * Ids a write names in its body (not its URL). One outside the caller's area is answered exactly
 * like one that does not exist, a validation error (400) on that field, so the answer never tells what lies outside.
 * Services take the refusal; routes that check before calling a service throw it.
 */

export async function stationOutsideArea(fleet: FleetReadRepository, scope: Scope, stationId: string): Promise<Refusal | null> {
  return (await fleet.station(scope, stationId)) ? null : invalid('body/stationId', `unknown station ${stationId}`);
}

/** `unitExists` decides which units count: station writes want one in service, maintenance any on record. */
export async function unitOutsideArea(unitExists: (id: string) => Promise<boolean>, scope: Scope, unitId: string): Promise<Refusal | null> {
  return scopeHasUnit(scope, unitId) && (await unitExists(unitId)) ? null : invalid('body/unitId', `unknown unit ${unitId}`);
}

export async function requireUnitInArea(unitExists: (id: string) => Promise<boolean>, scope: Scope, unitId: string): Promise<void> {
  const refused = await unitOutsideArea(unitExists, scope, unitId);
  if (refused) throw refusalError(refused);
}
