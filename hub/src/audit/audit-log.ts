import type { AuditEntry } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { AuditRepository } from './audit-repository.ts';

/** Who did it; null for the system or an unauthenticated caller (e.g. an agent redeeming a claim code). */
export interface Actor {
  userId: string;
  username: string;
}

/** Who asks through the API, for the audit log. */
export interface Caller {
  actor: Actor;
  ip: string | null;
}

export type AuditAction =
  | 'snapshot.view'
  | 'user.create'
  | 'user.update'
  | 'user.password'
  | 'station.create'
  | 'station.update'
  | 'station.move'
  | 'station.retire'
  | 'camera.create'
  | 'camera.update'
  | 'camera.retire'
  | 'inventory.import'
  | 'credentials.create'
  | 'credentials.revoke'
  | 'claim.create'
  | 'claim.redeem'
  | 'alert.ack'
  | 'alert_rule.update'
  | 'alert_channel.create'
  | 'alert_channel.update'
  | 'alert_channel.delete'
  | 'maintenance.create'
  | 'maintenance.delete'
  | 'command.send'
  | 'camera.aim_flag'
  | 'camera.aim_unflag'
  | 'work_order.create'
  | 'work_order.update'
  | 'work_order.transition'
  | 'investigation.run'
  | 'private_camera.create'
  | 'private_camera.update'
  | 'private_camera.import'
  | 'private_camera.erase'
  | 'private_camera.connect'
  | 'private_camera.disconnect'
  | 'private_camera.collector_moved'
  | 'private_camera.contact_read';

export interface AuditRecord {
  actor: Actor | null;
  action: AuditAction;
  targetKind: string;
  targetId: string;
  /** What changed; never secrets (passwords, tokens, codes). */
  detail?: Record<string, unknown>;
  ip?: string | null;
}

/** Append-only record of sensitive reads (snapshot views) and every change of people, stations and credentials. */
export class AuditLog {
  private readonly repo: AuditRepository;

  constructor(db: Db) {
    this.repo = new AuditRepository(db);
  }

  /** Records in `db` when given (the caller's transaction), so the change and its record commit together. */
  async record(r: AuditRecord, db?: Db): Promise<void> {
    await (db ? new AuditRepository(db) : this.repo).insert({
      userId: r.actor?.userId ?? null,
      username: r.actor?.username ?? null,
      action: r.action,
      targetKind: r.targetKind,
      targetId: r.targetId,
      detail: r.detail ?? {},
      ip: r.ip ?? null,
    });
  }

  list(q: { action?: string; targetId?: string; limit?: number; before?: number }): Promise<AuditEntry[]> {
    return this.repo.list(q);
  }
}
