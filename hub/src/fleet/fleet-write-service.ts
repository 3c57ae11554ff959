import type {
  CameraRecord,
  CreateCameraBody,
  CreateStationBody,
  StationRecord,
  UpdateCameraBody,
  UpdateStationBody,
} from '@camwatch/config';
import type { AuditLog, Caller } from '../audit/audit-log.ts';
import type { InventoryWriteRepository } from '../inventory/inventory-write-repository.ts';

/**
 * Changes to stations and cameras through the API, each written and then recorded in the audit
 * log. Scope and input checks stay in the routes (they answer 404/400); this is what happens after.
 */
export class FleetWriteService {
  constructor(
    private readonly writes: InventoryWriteRepository,
    private readonly audit: AuditLog,
    /** Makes a retired station's credentials stop working on the broker(s); absent without a broker. */
    private readonly credentialsChanged?: (stationId: string) => Promise<void>,
  ) {}

  unitExists(id: string): Promise<boolean> {
    return this.writes.unitExists(id);
  }

  unitHistory(stationId: string): Promise<{ unitId: string; validFrom: number; validTo: number | null }[]> {
    return this.writes.unitHistory(stationId);
  }

  async createStation(by: Caller, b: CreateStationBody): Promise<StationRecord> {
    const created = await this.writes.createStation(b, Date.now());
    await this.record(by, 'station.create', 'station', b.id, { unitId: b.unitId, name: b.name });
    return created;
  }

  /** null: no such station. */
  async updateStation(by: Caller, id: string, body: UpdateStationBody): Promise<StationRecord | null> {
    const updated = await this.writes.updateStation(id, body);
    if (!updated) return null;
    await this.record(by, 'station.update', 'station', updated.id, body);
    return updated;
  }

  /** Moves the station from `fromUnitId` to `unitId` as of `at`; the refusal when it cannot. */
  async moveStation(
    by: Caller,
    stationId: string,
    fromUnitId: string,
    unitId: string,
    at: number,
  ): Promise<'moved' | 'same_unit' | 'too_early'> {
    const r = await this.writes.moveStation(stationId, unitId, at);
    if (r !== 'moved') return r;
    await this.record(by, 'station.move', 'station', stationId, { from: fromUnitId, to: unitId, at });
    return r;
  }

  /** `at` null: now. */
  async retireStation(by: Caller, stationId: string, at: number | null): Promise<void> {
    await this.writes.retireStation(stationId, at ?? Date.now());
    await this.credentialsChanged?.(stationId);
    await this.record(by, 'station.retire', 'station', stationId, { at });
  }

  async createCamera(by: Caller, b: CreateCameraBody): Promise<CameraRecord> {
    const created = await this.writes.createCamera(b);
    await this.record(by, 'camera.create', 'camera', b.id, { stationId: b.stationId });
    return created;
  }

  /** null: no such camera. */
  async updateCamera(by: Caller, id: string, body: UpdateCameraBody): Promise<CameraRecord | null> {
    const updated = await this.writes.updateCamera(id, body);
    if (!updated) return null;
    await this.record(by, 'camera.update', 'camera', id, body);
    return updated;
  }

  /** `at` null: now. */
  async retireCamera(by: Caller, cameraId: string, at: number | null): Promise<void> {
    await this.writes.retireCamera(cameraId, at ?? Date.now());
    await this.record(by, 'camera.retire', 'camera', cameraId, { at });
  }

  private record(
    by: Caller,
    action: Parameters<AuditLog['record']>[0]['action'],
    targetKind: string,
    targetId: string,
    detail: object,
  ): Promise<void> {
    return this.audit.record({ actor: by.actor, action, targetKind, targetId, detail: detail as Record<string, unknown>, ip: by.ip });
  }
}
