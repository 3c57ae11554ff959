import type { AuditEntry } from '@camwatch/config';
import type { Db } from '../db/db.ts';

/** Who did it; null for the system or an unauthenticated caller (e.g. an agent redeeming a claim code). */
export interface Actor {
  userId: string;
  username: string;
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
  | 'maintenance.delete';

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
  constructor(private readonly db: Db) {}

  async record(r: AuditRecord, db: Db = this.db): Promise<void> {
    await db.query(
      'INSERT INTO audit_log (user_id, username, action, target_kind, target_id, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        r.actor?.userId ?? null,
        r.actor?.username ?? null,
        r.action,
        r.targetKind,
        r.targetId,
        JSON.stringify(r.detail ?? {}),
        r.ip ?? null,
      ],
    );
  }

  async list(q: { action?: string; targetId?: string; limit?: number; before?: number }): Promise<AuditEntry[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.action) where.push(`action = $${params.push(q.action)}`);
    if (q.targetId) where.push(`target_id = $${params.push(q.targetId)}`);
    if (q.before) where.push(`id < $${params.push(q.before)}`);
    params.push(q.limit ?? 100);
    const r = await this.db.query<{
      id: number;
      ts: Date;
      user_id: string | null;
      username: string | null;
      action: string;
      target_kind: string;
      target_id: string;
      detail: Record<string, unknown>;
      ip: string | null;
    }>(
      `SELECT id, ts, user_id, username, action, target_kind, target_id, detail, ip FROM audit_log
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return r.rows.map((x) => ({
      id: x.id,
      ts: x.ts.getTime(),
      userId: x.user_id,
      username: x.username,
      action: x.action,
      targetKind: x.target_kind,
      targetId: x.target_id,
      detail: x.detail,
      ip: x.ip,
    }));
  }
}
