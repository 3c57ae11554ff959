import type { Db } from '../db/db.ts';

export interface SessionRow {
  userId: string;
  expiresAt: number;
}

/** Sessions by token hash; the token itself never reaches the database. */
export class SessionRepository {
  constructor(private readonly db: Db) {}

  async create(tokenHash: Buffer, userId: string, expiresAt: number, ip: string | null): Promise<void> {
    await this.db.query('INSERT INTO sessions (token_hash, user_id, expires_at, ip) VALUES ($1, $2, $3, $4)', [
      tokenHash,
      userId,
      new Date(expiresAt),
      ip,
    ]);
  }

  /** The live session of an enabled user, or null. */
  async find(tokenHash: Buffer): Promise<SessionRow | null> {
    const r = await this.db.query<{ user_id: string; expires_at: Date }>(
      `SELECT s.user_id, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
      [tokenHash],
    );
    const row = r.rows[0];
    return row ? { userId: row.user_id, expiresAt: row.expires_at.getTime() } : null;
  }

  async delete(tokenHash: Buffer): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteExpired(): Promise<number> {
    const r = await this.db.query('DELETE FROM sessions WHERE expires_at <= now()');
    return r.rowCount;
  }
}
