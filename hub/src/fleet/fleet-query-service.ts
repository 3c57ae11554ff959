import type { MapPayload, UnitSummary } from '@camwatch/config';
import type { Scope } from '../auth/scope.ts';
import { buildMapPayload } from '../map/map-payload.ts';
import { notFound, type Refusal } from '../service-refusal.ts';
import { stationOutsideArea } from './body-ids-in-area.ts';
import type { CameraRow, FleetReadRepository, StationRow } from './fleet-read-repository.ts';
import type { UnitRepository } from './unit-repository.ts';
import type { UnitUptimeCache } from './unit-uptime-cache.ts';
import { unitSummaries } from './unit-summary.ts';

export type { CameraRow, StationRow, UnitRow } from './fleet-read-repository.ts';

/** A camera in the caller's area, with its station's unit. */
export type CameraInScope = CameraRow & { unitId: string };

/**
 * Reads of the fleet for the API, always within the caller's area. Something outside the area is
 * refused exactly like something that does not exist (404), so an answer never tells what lies
 * outside: every route that names a station or camera in its URL asks here.
 */
export class FleetQueryService {
  constructor(
    private readonly fleet: FleetReadRepository,
    private readonly units: UnitRepository,
    private readonly unitUptime: UnitUptimeCache,
  ) {}

  async stationInScope(scope: Scope, id: string): Promise<StationRow | Refusal> {
    return (await this.fleet.station(scope, id)) ?? notFound(`station ${id}`);
  }

  async cameraInScope(scope: Scope, id: string): Promise<CameraInScope | Refusal> {
    return (await this.fleet.camera(scope, id)) ?? notFound(`camera ${id}`);
  }

  /** Whether a station is in the area (a command or order of a station outside it answers like a missing one). */
  async stationVisible(scope: Scope, id: string): Promise<boolean> {
    return (await this.fleet.station(scope, id)) !== null;
  }

  /** A camera named next to its station (a command, a work order) must be one of that station's cameras in the area. */
  async cameraOfStation(scope: Scope, stationId: string, cameraId: string): Promise<Refusal | null> {
    const cameras = await this.fleet.cameras(scope, stationId);
    return cameras.some((c) => c.id === cameraId) ? null : notFound(`camera ${cameraId} of station ${stationId}`);
  }

  /** A station named in a request body: outside the area it is an unknown id on that field (400), not a 404. */
  async stationNamedInBody(scope: Scope, stationId: string): Promise<Refusal | null> {
    return stationOutsideArea(this.fleet, scope, stationId);
  }

  /** Units in the area (with ancestors for breadcrumbs), camera counts by status and 7-day uptime. */
  async unitSummaries(scope: Scope): Promise<UnitSummary[]> {
    const [units, stations, cameras] = await Promise.all([this.fleet.units(), this.fleet.stations(scope), this.fleet.cameras(scope)]);
    const wanted = units.filter((u) => scope.all || scope.units.has(u.id)).map((u) => u.id);
    const uptime = await this.unitUptime.get(units, wanted);
    return unitSummaries(units, scope, stations, cameras, uptime);
  }

  /** Every station, camera and road sign in the area, as the columnar map payload. */
  async map(scope: Scope, now: number): Promise<MapPayload> {
    const [units, stations, cameras, signs] = await Promise.all([
      this.fleet.units(),
      this.fleet.stations(scope),
      this.fleet.cameras(scope),
      this.fleet.roadSigns(scope),
    ]);
    return buildMapPayload(units, stations, cameras, signs, now);
  }

  /** A unit and every unit below it (a list filtered "by unit" includes its communes). */
  async unitSubtree(unitId: string): Promise<string[]> {
    return [...(await this.units.subtreeOf([unitId]))];
  }
}
