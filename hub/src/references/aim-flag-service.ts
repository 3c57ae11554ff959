import type { Db } from '../db/db.ts';
import type { AuditLog, Caller } from '../audit/audit-log.ts';
import type { AimFlagRepository } from './aim-flag-repository.ts';

/** A person flags a camera as aimed wrongly since installation, or clears the flag; both audited with the change. */
export class AimFlagService {
  constructor(
    private readonly db: Db,
    private readonly repo: AimFlagRepository,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  flag(by: Caller, cameraId: string, note: string): Promise<void> {
    return this.db.transaction(async (tx) => {
      await this.repo.set(tx, cameraId, { note, flaggedBy: by.actor.username, flaggedAt: this.now() });
      await this.audit.record(
        { actor: by.actor, action: 'camera.aim_flag', targetKind: 'camera', targetId: cameraId, detail: { note }, ip: by.ip },
        tx,
      );
    });
  }

  /** False when the camera had no flag. */
  clear(by: Caller, cameraId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const had = await this.repo.clear(tx, cameraId);
      if (had)
        await this.audit.record({ actor: by.actor, action: 'camera.aim_unflag', targetKind: 'camera', targetId: cameraId, ip: by.ip }, tx);
      return had;
    });
  }
}
