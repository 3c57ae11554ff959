import type { Db } from '../db/db.ts';

/** Broker accounts of hub processes (hub_credentials): secrets stored as hashes only. */
export class HubCredentialRepository {
  constructor(private readonly db: Db) {}

  async insert(username: string, secretHash: string): Promise<number> {
    const res = await this.db.query<{ id: number }>(
      'INSERT INTO hub_credentials (username, secret_hash) VALUES ($1, $2) RETURNING id::int AS id',
      [username, secretHash],
    );
    return Number(res.rows[0]!.id);
  }

  /** Hashes of the account's active secrets. */
  async activeHashes(username: string): Promise<{ secret_hash: string }[]> {
    const res = await this.db.query<{ secret_hash: string }>(
      'SELECT secret_hash FROM hub_credentials WHERE username = $1 AND revoked_at IS NULL',
      [username],
    );
    return res.rows;
  }

  async revokeAll(username: string): Promise<number> {
    const res = await this.db.query('UPDATE hub_credentials SET revoked_at = now() WHERE username = $1 AND revoked_at IS NULL', [username]);
    return res.rowCount;
  }
}
