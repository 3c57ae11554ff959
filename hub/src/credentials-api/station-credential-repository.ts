import type { Db } from '../db/db.ts';
import { newSecret } from '../credentials/credential-service.ts';
import { isMosquittoHash, mosquittoHash } from './mosquitto-password.ts';
import type { BrokerAccount } from './mosquitto-files.ts';

export interface CredentialRow {
  id: number;
  createdAt: number;
  revokedAt: number | null;
}

/**
 * Station broker credentials issued through the API. The secret is random (256 bits) and is
 * returned once; the row keeps its `$7$` hash, which the embedded broker verifies and which
 * goes unchanged into Mosquitto's password file.
 */
export class StationCredentialRepository {
  constructor(private readonly db: Db) {}

  async issue(stationId: string, revokePrevious: boolean, db: Db = this.db): Promise<{ id: number; secret: string; revoked: number }> {
    const secret = newSecret();
    return db.transaction(async (tx) => {
      let revoked = 0;
      if (revokePrevious) revoked = (await tx.query('UPDATE station_credentials SET revoked_at = now() WHERE station_id = $1 AND revoked_at IS NULL', [stationId])).rowCount;
      const r = await tx.query<{ id: number }>('INSERT INTO station_credentials (station_id, secret_hash) VALUES ($1, $2) RETURNING id::int AS id', [stationId, mosquittoHash(secret)]);
      return { id: r.rows[0]!.id, secret, revoked };
    });
  }

  async list(stationId: string): Promise<CredentialRow[]> {
    const r = await this.db.query<{ id: number; created_at: Date; revoked_at: Date | null }>(
      'SELECT id::int AS id, created_at, revoked_at FROM station_credentials WHERE station_id = $1 ORDER BY id DESC', [stationId]);
    return r.rows.map((c) => ({ id: c.id, createdAt: c.created_at.getTime(), revokedAt: c.revoked_at?.getTime() ?? null }));
  }

  async revoke(stationId: string, credentialId: number): Promise<'revoked' | 'already' | 'missing'> {
    const cur = await this.db.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM station_credentials WHERE id = $1 AND station_id = $2', [credentialId, stationId]);
    if (!cur.rows[0]) return 'missing';
    if (cur.rows[0].revoked_at) return 'already';
    await this.db.query('UPDATE station_credentials SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [credentialId]);
    return 'revoked';
  }

  /**
   * One account per station in service: its newest active credential (Mosquitto's password file
   * holds one hash per user; during an overlapping rotation the newer one wins there).
   */
  async brokerAccounts(): Promise<{ accounts: BrokerAccount[]; skipped: string[] }> {
    const r = await this.db.query<{ station_id: string; secret_hash: string }>(
      `SELECT DISTINCT ON (c.station_id) c.station_id, c.secret_hash FROM station_credentials c JOIN stations s ON s.id = c.station_id
       WHERE c.revoked_at IS NULL AND s.retired_at IS NULL ORDER BY c.station_id, c.id DESC`);
    const accounts: BrokerAccount[] = [];
    const skipped: string[] = [];
    for (const row of r.rows) {
      if (isMosquittoHash(row.secret_hash)) accounts.push({ username: row.station_id, passwordHash: row.secret_hash });
      else skipped.push(row.station_id);
    }
    return { accounts, skipped };
  }
}
