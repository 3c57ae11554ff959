import type { UserRole } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { UnitRepository } from '../fleet/unit-repository.ts';

/**
 * Where a user may look: every unit under the units they are assigned (any depth), or
 * everything for a province role with no units. Computed once per request from the unit tree,
 * so a unit moved in the tree moves its users' view with it.
 */
export type Scope = { readonly all: true } | { readonly all: false; readonly units: ReadonlySet<string> };

export const ALL: Scope = { all: true };

/** Roles that see the whole province when they are given no unit. */
export const PROVINCE_ROLES: readonly UserRole[] = ['province_admin', 'province_viewer'];

export async function expandScope(db: Db, role: UserRole, unitIds: readonly string[]): Promise<Scope> {
  if (unitIds.length === 0) return PROVINCE_ROLES.includes(role) ? ALL : { all: false, units: new Set() };
  return { all: false, units: await new UnitRepository(db).subtreeOf(unitIds) };
}

export function scopeHasUnit(scope: Scope, unitId: string): boolean {
  return scope.all || scope.units.has(unitId);
}

/**
 * SQL condition restricting `column` (a unit id) to the scope; appends its parameter.
 * `TRUE` for the whole province, so the planner drops it.
 */
export function scopeCondition(scope: Scope, column: string, params: unknown[]): string {
  if (scope.all) return 'TRUE';
  params.push([...scope.units]);
  return `${column} = ANY($${params.length}::text[])`;
}
