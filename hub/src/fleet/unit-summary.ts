import { UNIT_KINDS, type UnitKind, type UnitSummary } from '@camwatch/config';
import type { Scope } from '../auth/scope.ts';
import type { CameraRow, StationRow, UnitRow } from './fleet-read-repository.ts';

const asKind = (k: string): UnitKind => ((UNIT_KINDS as readonly string[]).includes(k) ? (k as UnitKind) : 'other');

/** Units in scope plus their ancestors (for breadcrumbs), with counts of everything in scope below each. */
export function unitSummaries(
  units: readonly UnitRow[],
  scope: Scope,
  stations: readonly StationRow[],
  cameras: readonly CameraRow[],
  uptime: ReadonlyMap<string, number | null>,
): UnitSummary[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const inScope = (id: string) => scope.all || scope.units.has(id);
  const listed = new Set<string>();
  for (const u of units) {
    if (!inScope(u.id)) continue;
    for (let id: string | null = u.id; id !== null && !listed.has(id); id = byId.get(id)?.parentId ?? null) listed.add(id);
  }
  const counts = new Map<string, { stations: number; ok: number; degraded: number; down: number; unknown: number }>();
  const bump = (unitId: string, f: (c: { stations: number; ok: number; degraded: number; down: number; unknown: number }) => void) => {
    for (let id: string | null = unitId; id !== null; id = byId.get(id)?.parentId ?? null) {
      const c = counts.get(id) ?? { stations: 0, ok: 0, degraded: 0, down: 0, unknown: 0 };
      f(c);
      counts.set(id, c);
    }
  };
  const unitOfStation = new Map(stations.map((s) => [s.id, s.unitId]));
  for (const s of stations) bump(s.unitId, (c) => c.stations++);
  for (const cam of cameras) {
    const unitId = unitOfStation.get(cam.stationId);
    if (unitId) bump(unitId, (c) => c[cam.status]++);
  }
  return units
    .filter((u) => listed.has(u.id))
    .map((u) => {
      const c = counts.get(u.id) ?? { stations: 0, ok: 0, degraded: 0, down: 0, unknown: 0 };
      return {
        id: u.id,
        name: u.name,
        kind: asKind(u.kind),
        parentId: u.parentId,
        areaKm2: u.areaKm2,
        inScope: inScope(u.id),
        stations: c.stations,
        cameras: c.ok + c.degraded + c.down + c.unknown,
        camerasOk: c.ok,
        camerasDegraded: c.degraded,
        camerasDown: c.down,
        camerasUnknown: c.unknown,
        uptime7dPct: inScope(u.id) ? (uptime.get(u.id) ?? null) : null,
      };
    });
}
