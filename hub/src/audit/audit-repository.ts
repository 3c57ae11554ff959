import type { AuditEntry } from '@camwatch/config';
import type { Db } from '../db/db.ts';

/** One row of audit_log as written. */
export interface AuditRow {
  userId: string | null;
  username: string | null;
  action: string;
  targetKind: string;
  targetId: string;
  detail: Record<string, unknown>;
  ip: string | null;
}

/** audit_log: append and read back, newest first. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  async insert(r: AuditRow): Promise<void> {
    await this.db.query(
      'INSERT INTO audit_log (user_id, username, action, target_kind, target_id, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [r.userId, r.username, r.action, r.targetKind, r.targetId, JSON.stringify(r.detail), r.ip],
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
