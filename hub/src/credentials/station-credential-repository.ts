import type { Db } from '../db/db.ts';
import { isMosquittoHash, mosquittoHash } from './mosquitto-password.ts';
import type { BrokerAccount } from './mosquitto-files.ts';
import { matchesAny, newSecret } from './broker-secret.ts';

export interface CredentialRow {
  id: number;
  createdAt: number;
  revokedAt: number | null;
}

const REVOKE_ALL = 'UPDATE station_credentials SET revoked_at = now() WHERE station_id = $1 AND revoked_at IS NULL';

/**
 * The one place that reads and writes station_credentials: the broker login check (embedded
 * broker), the API's issue/rotate/revoke, and Mosquitto's password file all go through it.
 * The secret is random (256 bits) and returned once; the row keeps its Mosquitto `$7$` hash,
 * which the embedded broker verifies and which goes unchanged into Mosquitto's password file.
 */
export class StationCredentialRepository {
  constructor(private readonly db: Db) {}

  /** A new credential; earlier ones stay valid (rotation without downtime) unless `revokePrevious`. */
  async issue(stationId: string, revokePrevious: boolean, db: Db = this.db): Promise<{ id: number; secret: string; revoked: number }> {
    const secret = newSecret();
    return db.transaction(async (tx) => {
      const revoked = revokePrevious ? (await tx.query(REVOKE_ALL, [stationId])).rowCount : 0;
      const r = await tx.query<{ id: number }>(
        'INSERT INTO station_credentials (station_id, secret_hash) VALUES ($1, $2) RETURNING id::int AS id',
        [stationId, mosquittoHash(secret)],
      );
      return { id: Number(r.rows[0]!.id), secret, revoked };
    });
  }

  /** True when `secret` matches an active credential of a station in service. */
  async verify(stationId: string, secret: string): Promise<boolean> {
    const res = await this.db.query<{ secret_hash: string }>(
      `SELECT c.secret_hash FROM station_credentials c JOIN stations s ON s.id = c.station_id
        WHERE c.station_id = $1 AND c.revoked_at IS NULL AND s.retired_at IS NULL ORDER BY c.created_at DESC`,
      [stationId],
    );
    return matchesAny(secret, res.rows);
  }

  async list(stationId: string): Promise<CredentialRow[]> {
    const r = await this.db.query<{ id: number; created_at: Date; revoked_at: Date | null }>(
      'SELECT id::int AS id, created_at, revoked_at FROM station_credentials WHERE station_id = $1 ORDER BY id DESC',
      [stationId],
    );
    return r.rows.map((c) => ({ id: c.id, createdAt: c.created_at.getTime(), revokedAt: c.revoked_at?.getTime() ?? null }));
  }

  async revoke(stationId: string, credentialId: number): Promise<'revoked' | 'already' | 'missing'> {
    const cur = await this.db.query<{ revoked_at: Date | null }>(
      'SELECT revoked_at FROM station_credentials WHERE id = $1 AND station_id = $2',
      [credentialId, stationId],
    );
    if (!cur.rows[0]) return 'missing';
    if (cur.rows[0].revoked_at) return 'already';
    await this.db.query('UPDATE station_credentials SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [credentialId]);
    return 'revoked';
  }

  /** Revokes every active credential of the station; `db` lets a caller do it inside its own transaction. */
  async revokeAll(stationId: string, db: Db = this.db): Promise<number> {
    return (await db.query(REVOKE_ALL, [stationId])).rowCount;
  }

  /** Station ids that have at least one active credential. */
  async activeStationIds(): Promise<Set<string>> {
    const res = await this.db.query<{ station_id: string }>('SELECT DISTINCT station_id FROM station_credentials WHERE revoked_at IS NULL');
    return new Set(res.rows.map((r) => r.station_id));
  }

  /**
   * One account per station in service: its newest active credential (Mosquitto's password file
   * holds one hash per user; during an overlapping rotation the newer one wins there).
   */
  async brokerAccounts(): Promise<{ accounts: BrokerAccount[]; skipped: string[] }> {
    const r = await this.db.query<{ station_id: string; secret_hash: string }>(
      `SELECT DISTINCT ON (c.station_id) c.station_id, c.secret_hash FROM station_credentials c JOIN stations s ON s.id = c.station_id
       WHERE c.revoked_at IS NULL AND s.retired_at IS NULL ORDER BY c.station_id, c.id DESC`,
    );
    const accounts: BrokerAccount[] = [];
    const skipped: string[] = [];
    for (const row of r.rows) {
      if (isMosquittoHash(row.secret_hash)) accounts.push({ username: row.station_id, passwordHash: row.secret_hash });
      else skipped.push(row.station_id);
    }
    return { accounts, skipped };
  }
}
