import type { Db } from '../db/db.ts';
import { hashSecret, matchesAny, newSecret } from './broker-secret.ts';
import { HubCredentialRepository } from './hub-credential-repository.ts';
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
  private readonly hubs: HubCredentialRepository;

  constructor(db: Db) {
    this.stations = new StationCredentialRepository(db);
    this.hubs = new HubCredentialRepository(db);
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
    return { username, secret, id: await this.hubs.insert(username, await hashSecret(secret)) };
  }

  async verifyHub(username: string, secret: string): Promise<boolean> {
    return matchesAny(secret, await this.hubs.activeHashes(username));
  }

  revokeHub(username: string): Promise<number> {
    return this.hubs.revokeAll(username);
  }
}
