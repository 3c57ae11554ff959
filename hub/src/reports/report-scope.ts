import type { UptimeScope } from '@camwatch/config';
import type { FleetReadRepository } from '../fleet/fleet-read-repository.ts';
import type { Principal } from '../auth/auth-service.ts';
import { scopeHasUnit } from '../auth/scope.ts';
import { invalid, notFound, type Refusal } from '../service-refusal.ts';

/**
 * What a report covers: the camera, station or unit asked for (refused outside the caller's area,
 * like a missing one), else the caller's own unit, else the province root.
 */
export async function reportScope(
  fleet: FleetReadRepository,
  p: Principal,
  q: { unitId?: string; stationId?: string; cameraId?: string },
): Promise<UptimeScope | Refusal> {
  if ([q.unitId, q.stationId, q.cameraId].filter((x) => x !== undefined).length > 1)
    return invalid('query', 'give at most one of unitId, stationId, cameraId');
  if (q.cameraId) {
    if (!(await fleet.camera(p.scope, q.cameraId))) return notFound(`camera ${q.cameraId}`);
    return { kind: 'camera', id: q.cameraId };
  }
  if (q.stationId) {
    if (!(await fleet.station(p.scope, q.stationId))) return notFound(`station ${q.stationId}`);
    return { kind: 'station', id: q.stationId };
  }
  const units = await fleet.units();
  if (q.unitId) {
    if (!units.some((u) => u.id === q.unitId) || !scopeHasUnit(p.scope, q.unitId)) return notFound(`unit ${q.unitId}`);
    return { kind: 'unit', id: q.unitId };
  }
  if (!p.scope.all) {
    if (p.unitIds.length !== 1) return invalid('query/unitId', 'you have several units: say which one');
    return { kind: 'unit', id: p.unitIds[0]! };
  }
  const roots = units.filter((u) => u.parentId === null);
  if (roots.length !== 1) return invalid('query/unitId', 'say which unit');
  return { kind: 'unit', id: roots[0]!.id };
}
