import type { Db } from '../db/db.ts';

export interface Delivery {
  id: number;
  channelId: string;
  alertId: number | null;
  kind: 'alert' | 'digest' | 'test';
  payload: Record<string, unknown>;
  attempts: number;
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 3_600_000, maxAttempts: 12 };

/** Exponential backoff with ±20 % jitter, so a recovered receiver is not hit by every hub at once. */
export function retryDelayMs(attempts: number, p: BackoffPolicy, random: () => number = Math.random): number {
  const raw = Math.min(p.maxMs, p.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/**
 * The delivery outbox: rows written in the same transaction as the alert change, sent later
 * by any hub. Claiming moves `next_attempt_at` forward by a lease (SKIP LOCKED), so two hubs
 * never send one delivery at the same time, and a hub that dies mid-send leaves it to retry.
 */
export class DeliveryOutbox {
  constructor(private readonly db: Db) {}

  async enqueue(
    tx: Db,
    rows: readonly { channelId: string; alertId: number | null; kind: Delivery['kind']; payload: object }[],
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const r = await tx.query(
      // Due at once, to the millisecond: callers compare with JavaScript (millisecond) clocks.
      `INSERT INTO alert_deliveries (channel_id, alert_id, kind, payload, next_attempt_at)
       SELECT c, a, k, p, date_trunc('milliseconds', now()) FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::jsonb[]) AS t(c, a, k, p)`,
      [rows.map((x) => x.channelId), rows.map((x) => x.alertId), rows.map((x) => x.kind), rows.map((x) => JSON.stringify(x.payload))],
    );
    return r.rowCount;
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<Delivery[]> {
    const r = await this.db.query<{
      id: number;
      channel_id: string;
      alert_id: number | null;
      kind: Delivery['kind'];
      payload: Record<string, unknown>;
      attempts: number;
    }>(
      `UPDATE alert_deliveries SET next_attempt_at = $2 WHERE id IN (
         SELECT id FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id FOR UPDATE SKIP LOCKED LIMIT $3)
       RETURNING id::int AS id, channel_id, alert_id::int AS alert_id, kind, payload, attempts`,
      [new Date(now), new Date(now + leaseMs), limit],
    );
    return r.rows
      .sort((a, b) => a.id - b.id)
      .map((d) => ({ id: d.id, channelId: d.channel_id, alertId: d.alert_id, kind: d.kind, payload: d.payload, attempts: d.attempts }));
  }

  async markSent(id: number): Promise<void> {
    await this.db.query(
      `UPDATE alert_deliveries SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`,
      [id],
    );
  }

  /** Schedules the next attempt, or gives up (`failed`) after the last one; returns the new status. */
  async markFailed(id: number, error: string, now: number, policy: BackoffPolicy): Promise<'pending' | 'failed'> {
    const r = await this.db.query<{ status: 'pending' | 'failed'; attempts: number }>(
      `UPDATE alert_deliveries SET attempts = attempts + 1, last_error = $2,
         status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE 'pending' END
       WHERE id = $1 RETURNING status, attempts`,
      [id, error.slice(0, 500), policy.maxAttempts],
    );
    const row = r.rows[0];
    if (row?.status === 'pending')
      await this.db.query('UPDATE alert_deliveries SET next_attempt_at = $2 WHERE id = $1', [
        id,
        new Date(now + retryDelayMs(row.attempts, policy)),
      ]);
    return row?.status ?? 'failed';
  }

  async pendingCount(): Promise<number> {
    const r = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alert_deliveries WHERE status = 'pending'`);
    return r.rows[0]?.n ?? 0;
  }
}
