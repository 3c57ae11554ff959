import type {
  CameraRecord,
  CreateCameraBody,
  CreateStationBody,
  StationRecord,
  UpdateCameraBody,
  UpdateStationBody,
} from '@camwatch/config';
import type { AuditAction, AuditLog, Caller } from '../audit/audit-log.ts';
import type { Db } from '../db/db.ts';
import { InventoryWriteRepository } from '../inventory/inventory-write-repository.ts';

/**
 * Changes to stations and cameras through the API, each written and recorded in the audit log in
 * one transaction. Scope and input checks stay in the routes (they answer 404/400); this is what happens after.
 */
export class FleetWriteService {
  private readonly writes: InventoryWriteRepository;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    /** Makes a retired station's credentials stop working on the broker(s); absent without a broker. */
    private readonly credentialsChanged?: (stationId: string) => Promise<void>,
    /** After a station was created, changed, moved or retired (committed): a collector may now be nearer to some connected cameras. */
    private readonly stationsChanged?: () => Promise<void>,
  ) {
    this.writes = new InventoryWriteRepository(db);
  }

  unitExists(id: string): Promise<boolean> {
    return this.writes.unitExists(id);
  }

  unitHistory(stationId: string): Promise<{ unitId: string; validFrom: number; validTo: number | null }[]> {
    return this.writes.unitHistory(stationId);
  }

  async createStation(by: Caller, b: CreateStationBody): Promise<StationRecord> {
    return this.inTx(async (writes, record) => {
      const created = await writes.createStation(b, Date.now());
      await record(by, 'station.create', 'station', b.id, { unitId: b.unitId, name: b.name });
      return created;
    }).then(this.afterStationWrite);
  }

  /** Passes the result through once the hook ran; a failing hook is the hook's to log, never the write's. */
  private readonly afterStationWrite = async <T>(result: T): Promise<T> => {
    await this.stationsChanged?.();
    return result;
  };

  /** null: no such station. */
  async updateStation(by: Caller, id: string, body: UpdateStationBody): Promise<StationRecord | null> {
    return this.inTx(async (writes, record) => {
      const updated = await writes.updateStation(id, body);
      if (!updated) return null;
      await record(by, 'station.update', 'station', updated.id, body);
      return updated;
    }).then(this.afterStationWrite);
  }

  /** Moves the station from `fromUnitId` to `unitId` as of `at`; the refusal when it cannot. */
  async moveStation(
    by: Caller,
    stationId: string,
    fromUnitId: string,
    unitId: string,
    at: number,
  ): Promise<'moved' | 'same_unit' | 'too_early'> {
    return this.inTx(async (writes, record) => {
      const r = await writes.moveStation(stationId, unitId, at);
      if (r === 'moved') await record(by, 'station.move', 'station', stationId, { from: fromUnitId, to: unitId, at });
      return r;
    }).then(this.afterStationWrite);
  }

  /** `at` null: now. */
  async retireStation(by: Caller, stationId: string, at: number | null): Promise<void> {
    await this.inTx(async (writes, record) => {
      await writes.retireStation(stationId, at ?? Date.now());
      await record(by, 'station.retire', 'station', stationId, { at });
    });
    // After the commit: the broker(s) reread the station's credentials from the database.
    await this.credentialsChanged?.(stationId);
    await this.afterStationWrite(undefined);
  }

  async createCamera(by: Caller, b: CreateCameraBody): Promise<CameraRecord> {
    return this.inTx(async (writes, record) => {
      const created = await writes.createCamera(b);
      await record(by, 'camera.create', 'camera', b.id, { stationId: b.stationId });
      return created;
    });
  }

  /** null: no such camera. */
  async updateCamera(by: Caller, id: string, body: UpdateCameraBody): Promise<CameraRecord | null> {
    return this.inTx(async (writes, record) => {
      const updated = await writes.updateCamera(id, body);
      if (!updated) return null;
      await record(by, 'camera.update', 'camera', id, body);
      return updated;
    });
  }

  /** `at` null: now. */
  async retireCamera(by: Caller, cameraId: string, at: number | null): Promise<void> {
    await this.inTx(async (writes, record) => {
      await writes.retireCamera(cameraId, at ?? Date.now());
      await record(by, 'camera.retire', 'camera', cameraId, { at });
    });
  }

  /** Runs `fn` in one transaction with the write repository and the audit log bound to it. */
  private inTx<T>(fn: (writes: InventoryWriteRepository, record: Recorder) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      fn(new InventoryWriteRepository(tx), (by, action, targetKind, targetId, detail) =>
        this.audit.record({ actor: by.actor, action, targetKind, targetId, detail: detail as Record<string, unknown>, ip: by.ip }, tx),
      ),
    );
  }
}

type Recorder = (by: Caller, action: AuditAction, targetKind: string, targetId: string, detail: object) => Promise<void>;
