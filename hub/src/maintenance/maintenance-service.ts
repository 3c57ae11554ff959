import type { CreateMaintenanceBody, MaintenanceWindow } from '@camwatch/config';
import type { AuditLog, Caller } from '../audit/audit-log.ts';
import type { Scope } from '../auth/scope.ts';
import type { Db } from '../db/db.ts';
import { stationOutsideArea, unitOutsideArea } from '../fleet/body-ids-in-area.ts';
import type { FleetReadRepository } from '../fleet/fleet-read-repository.ts';
import type { UnitRepository } from '../fleet/unit-repository.ts';
import { invalid, type Refusal } from '../service-refusal.ts';
import { MaintenanceRepository } from './maintenance-repository.ts';

const MAX_WINDOW_MS = 90 * 86_400_000;

/** A caller with an area: windows are planned and cancelled only inside it. */
export type ScopedCaller = Caller & { scope: Scope };

/**
 * Maintenance windows: planned work on a station or a whole unit, neither downtime nor alerts.
 * Each change and its audit entry commit in one transaction.
 */
export class MaintenanceService {
  private readonly windows: MaintenanceRepository;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly fleet: FleetReadRepository,
    private readonly units: UnitRepository,
  ) {
    this.windows = new MaintenanceRepository(db);
  }

  list(scope: Scope, q: { activeAt?: number; stationId?: string }): Promise<MaintenanceWindow[]> {
    return this.windows.list(scope, q);
  }

  async create(by: ScopedCaller, b: CreateMaintenanceBody): Promise<MaintenanceWindow | Refusal> {
    if ((b.stationId === undefined) === (b.unitId === undefined)) return invalid('body', 'give exactly one of stationId and unitId');
    if (b.endsAt <= b.startsAt) return invalid('body/endsAt', 'must be after startsAt');
    if (b.endsAt - b.startsAt > MAX_WINDOW_MS) return invalid('body/endsAt', 'a window lasts at most 90 days');
    const outside =
      b.stationId !== undefined
        ? await stationOutsideArea(this.fleet, by.scope, b.stationId)
        : // Any unit on record counts here, retired ones too (station writes accept only units in service).
          await unitOutsideArea((id) => this.units.exists(id), by.scope, b.unitId!);
    if (outside) return outside;
    return this.db.transaction(async (tx) => {
      const created = await new MaintenanceRepository(tx).create({
        stationId: b.stationId ?? null,
        unitId: b.unitId ?? null,
        startsAt: b.startsAt,
        endsAt: b.endsAt,
        reason: b.reason,
      });
      await this.audit.record(
        {
          actor: by.actor,
          action: 'maintenance.create',
          targetKind: b.stationId ? 'station' : 'unit',
          targetId: (b.stationId ?? b.unitId)!,
          detail: { id: created.id, startsAt: b.startsAt, endsAt: b.endsAt, reason: b.reason },
          ip: by.ip,
        },
        tx,
      );
      return created;
    });
  }

  /** False: no such window in the caller's area. */
  async cancel(by: ScopedCaller, id: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await new MaintenanceRepository(tx).delete(by.scope, id))) return false;
      await this.audit.record(
        { actor: by.actor, action: 'maintenance.delete', targetKind: 'maintenance', targetId: String(id), ip: by.ip },
        tx,
      );
      return true;
    });
  }
}
