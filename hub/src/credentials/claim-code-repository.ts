import type { Db } from '../db/db.ts';
import { hashClaimCode, newClaimCode, normalizeClaimCode } from './claim-code.ts';

/** One-time provisioning codes; only their hash is stored and a code works once, before it expires. */
export class ClaimCodeRepository {
  constructor(private readonly db: Db) {}

  async create(stationId: string, createdBy: string | null, ttlMs: number): Promise<{ code: string; expiresAt: number }> {
    const code = newClaimCode();
    const expiresAt = Date.now() + ttlMs;
    await this.db.query('INSERT INTO claim_codes (code_hash, station_id, created_by, expires_at) VALUES ($1, $2, $3, $4)', [
      hashClaimCode(normalizeClaimCode(code)!),
      stationId,
      createdBy,
      new Date(expiresAt),
    ]);
    return { code, expiresAt };
  }

  /**
   * Marks the code used and returns its station, atomically (two agents racing with one code:
   * one wins). Null for an unknown, used or expired code, or one whose station was retired.
   */
  async redeem(typed: string, ip: string | null, db: Db = this.db): Promise<string | null> {
    const normalized = normalizeClaimCode(typed);
    if (!normalized) return null;
    const r = await db.query<{ station_id: string }>(
      `UPDATE claim_codes c SET used_at = now(), used_ip = $2 FROM stations s
       WHERE c.code_hash = $1 AND c.used_at IS NULL AND c.expires_at > now() AND s.id = c.station_id AND s.retired_at IS NULL
       RETURNING c.station_id`,
      [hashClaimCode(normalized), ip],
    );
    return r.rows[0]?.station_id ?? null;
  }
}
