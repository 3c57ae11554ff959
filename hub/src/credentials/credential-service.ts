import { randomBytes, scrypt } from 'node:crypto';
import type { Db } from '../db/db.ts';
import { verifyPassword } from '../auth/password-hasher.ts';
import { mosquittoHash } from '../credentials-api/mosquitto-password.ts';

/**
 * Broker credentials. Stations log in with username = station id and a random 256-bit secret;
 * hub processes with their own usernames. Station secrets are stored as Mosquitto `$7$` hashes,
 * so the same rows feed the embedded broker and the Mosquitto password file the hub writes.
 * Hub secrets are stored as scrypt hashes. The secrets are random,
 * not chosen by people: their strength is the 256 bits, not the hash cost, so a low scrypt cost
 * (N=2^10, ~1 ms) keeps a whole fleet reconnecting at once (670 logins after a broker restart)
 * from queueing behind the thread pool. Hashes use the user-password format
 * (`scrypt$N$r$p$salt$hash`), so one verifier serves both.
 */
const PARAMS = { N: 1 << 10, r: 8, p: 1 } as const;

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, 32, { ...PARAMS, maxmem: 64 * 1024 * 1024 }, (err, key) => {
      if (err) reject(err);
      else resolve(`scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`);
    });
  });
}

export interface IssuedCredential {
  username: string;
  secret: string;
  id: number;
}

export class CredentialService {
  constructor(private readonly db: Db) {}

  /** Adds a credential for the station (earlier ones stay valid until revoked: rotation without downtime). */
  async createStationCredential(stationId: string): Promise<IssuedCredential> {
    const secret = newSecret();
    const res = await this.db.query<{ id: number }>('INSERT INTO station_credentials (station_id, secret_hash) VALUES ($1, $2) RETURNING id::int AS id', [stationId, mosquittoHash(secret)]);
    return { username: stationId, secret, id: Number(res.rows[0]!.id) };
  }

  async verifyStation(stationId: string, secret: string): Promise<boolean> {
    const res = await this.db.query<{ secret_hash: string }>(
      `SELECT c.secret_hash FROM station_credentials c JOIN stations s ON s.id = c.station_id
        WHERE c.station_id = $1 AND c.revoked_at IS NULL AND s.retired_at IS NULL ORDER BY c.created_at DESC`, [stationId]);
    return anyMatches(secret, res.rows);
  }

  /** Station ids that have at least one active credential. */
  async stationsWithCredentials(): Promise<Set<string>> {
    const res = await this.db.query<{ station_id: string }>('SELECT DISTINCT station_id FROM station_credentials WHERE revoked_at IS NULL');
    return new Set(res.rows.map((r) => r.station_id));
  }

  /** Revokes every active credential of the station (the broker refuses its next login). */
  async revokeStation(stationId: string): Promise<number> {
    const res = await this.db.query('UPDATE station_credentials SET revoked_at = now() WHERE station_id = $1 AND revoked_at IS NULL', [stationId]);
    return res.rowCount;
  }

  async createHubCredential(username: string): Promise<IssuedCredential> {
    const secret = newSecret();
    const res = await this.db.query<{ id: number }>('INSERT INTO hub_credentials (username, secret_hash) VALUES ($1, $2) RETURNING id::int AS id', [username, await hashSecret(secret)]);
    return { username, secret, id: Number(res.rows[0]!.id) };
  }

  async verifyHub(username: string, secret: string): Promise<boolean> {
    const res = await this.db.query<{ secret_hash: string }>('SELECT secret_hash FROM hub_credentials WHERE username = $1 AND revoked_at IS NULL', [username]);
    return anyMatches(secret, res.rows);
  }

  async revokeHub(username: string): Promise<number> {
    const res = await this.db.query('UPDATE hub_credentials SET revoked_at = now() WHERE username = $1 AND revoked_at IS NULL', [username]);
    return res.rowCount;
  }
}

async function anyMatches(secret: string, rows: readonly { secret_hash: string }[]): Promise<boolean> {
  for (const r of rows) if (await verifyPassword(secret, r.secret_hash)) return true;
  return false;
}
