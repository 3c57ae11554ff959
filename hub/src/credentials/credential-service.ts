import type { Db } from '../db/db.ts';
import { hashSecret, matchesAny, newSecret } from './broker-secret.ts';
import { StationCredentialRepository } from './station-credential-repository.ts';

export interface IssuedCredential {
  username: string;
  secret: string;
  id: number;
}

/**
 * Who may log in to the broker. Stations log in with username = station id and a secret whose
 * row lives in station_credentials (read and written only through StationCredentialRepository,
 * the same one the API issues, rotates and revokes with); hub processes log in with their own
 * accounts (hub_credentials, kept here).
 */
export class CredentialService {
  readonly stations: StationCredentialRepository;

  constructor(private readonly db: Db) {
    this.stations = new StationCredentialRepository(db);
  }

  /** Adds a credential for the station (earlier ones stay valid until revoked: rotation without downtime). */
  async createStationCredential(stationId: string): Promise<IssuedCredential> {
    const { id, secret } = await this.stations.issue(stationId, false);
    return { username: stationId, secret, id };
  }

  verifyStation(stationId: string, secret: string): Promise<boolean> {
    return this.stations.verify(stationId, secret);
  }

  /** Station ids that have at least one active credential. */
  stationsWithCredentials(): Promise<Set<string>> {
    return this.stations.activeStationIds();
  }

  /** Revokes every active credential of the station (the broker refuses its next login). */
  revokeStation(stationId: string): Promise<number> {
    return this.stations.revokeAll(stationId);
  }

  async createHubCredential(username: string): Promise<IssuedCredential> {
    const secret = newSecret();
    const res = await this.db.query<{ id: number }>(
      'INSERT INTO hub_credentials (username, secret_hash) VALUES ($1, $2) RETURNING id::int AS id',
      [username, await hashSecret(secret)],
    );
    return { username, secret, id: Number(res.rows[0]!.id) };
  }

  async verifyHub(username: string, secret: string): Promise<boolean> {
    const res = await this.db.query<{ secret_hash: string }>(
      'SELECT secret_hash FROM hub_credentials WHERE username = $1 AND revoked_at IS NULL',
      [username],
    );
    return matchesAny(secret, res.rows);
  }

  async revokeHub(username: string): Promise<number> {
    const res = await this.db.query('UPDATE hub_credentials SET revoked_at = now() WHERE username = $1 AND revoked_at IS NULL', [username]);
    return res.rowCount;
  }
}
