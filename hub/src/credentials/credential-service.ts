import { AuditLog, type Actor } from '../audit/audit-log.ts';
import type { Db } from '../db/db.ts';
import { hashSecret, matchesAny, newSecret } from './broker-secret.ts';
import { ClaimCodeRepository } from './claim-code-repository.ts';
import { HubCredentialRepository } from './hub-credential-repository.ts';
import { StationCredentialRepository, type CredentialRow } from './station-credential-repository.ts';

export interface IssuedCredential {
  username: string;
  secret: string;
  id: number;
}

/** A station credential issued through the API; `revoked`: how many earlier ones it replaced. */
export interface IssuedStationCredential {
  stationId: string;
  id: number;
  secret: string;
  revoked: number;
}

/** Who asks, for the audit log; actor null for an agent redeeming a claim code (it has no session). */
export interface CredentialCaller {
  actor: Actor | null;
  ip: string | null;
}

export interface CredentialServiceOptions {
  /** Where API changes are recorded (default: the audit log in the same database). */
  audit?: AuditLog;
  /** Tells the broker(s) a station's credentials changed (`revoked`: drop its live connection); absent without a broker. */
  changed?: (stationId: string, revoked: boolean) => Promise<void>;
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
  private readonly audit: AuditLog;

  constructor(
    private readonly db: Db,
    private readonly options: CredentialServiceOptions = {},
  ) {
    this.stations = new StationCredentialRepository(db);
    this.hubs = new HubCredentialRepository(db);
    this.audit = options.audit ?? new AuditLog(db);
  }

  /**
   * The one way the API hands out a station credential: by an admin for a station in their
   * area (`stationId`), or to an agent for a one-time claim code (which revokes the station's
   * earlier credentials: a replaced box must not keep working). The credential and its audit
   * entry commit together; then the broker(s) learn of it. Null: unknown, used or expired code.
   */
  async issueAndSync(by: CredentialCaller, target: { stationId: string; revokePrevious: boolean }): Promise<IssuedStationCredential>;
  async issueAndSync(by: CredentialCaller, target: { claimCode: string }): Promise<IssuedStationCredential | null>;
  async issueAndSync(
    by: CredentialCaller,
    target: { stationId: string; revokePrevious: boolean } | { claimCode: string },
  ): Promise<IssuedStationCredential | null> {
    const issued = await this.db.transaction(async (tx) => {
      const stationId = 'claimCode' in target ? await new ClaimCodeRepository(tx).redeem(target.claimCode, by.ip, tx) : target.stationId;
      if (!stationId) return null;
      const revokePrevious = 'claimCode' in target ? true : target.revokePrevious;
      const { id, secret, revoked } = await this.stations.issue(stationId, revokePrevious, tx);
      await this.audit.record(
        {
          actor: by.actor,
          action: 'claimCode' in target ? 'claim.redeem' : 'credentials.create',
          targetKind: 'station',
          targetId: stationId,
          detail: { credentialId: id, revokedPrevious: revoked },
          ip: by.ip,
        },
        tx,
      );
      return { stationId, id, secret, revoked };
    });
    if (issued) await this.options.changed?.(issued.stationId, issued.revoked > 0);
    return issued;
  }

  /** The station's credentials, never their secrets. */
  listStation(stationId: string): Promise<CredentialRow[]> {
    return this.stations.list(stationId);
  }

  /** Revokes one credential of the station; the broker drops the station if it is using it. */
  async revokeOne(by: CredentialCaller, stationId: string, credentialId: number): Promise<'revoked' | 'already' | 'missing'> {
    const r = await this.db.transaction(async (tx) => {
      const r = await new StationCredentialRepository(tx).revoke(stationId, credentialId);
      if (r === 'revoked')
        await this.audit.record(
          {
            actor: by.actor,
            action: 'credentials.revoke',
            targetKind: 'station',
            targetId: stationId,
            detail: { credentialId },
            ip: by.ip,
          },
          tx,
        );
      return r;
    });
    if (r === 'revoked') await this.options.changed?.(stationId, true);
    return r;
  }

  /** A one-time claim code for provisioning the station's agent, valid `ttlMs`. */
  async createClaimCode(by: CredentialCaller, stationId: string, ttlMs: number): Promise<{ code: string; expiresAt: number }> {
    return this.db.transaction(async (tx) => {
      const created = await new ClaimCodeRepository(tx).create(stationId, by.actor?.userId ?? null, ttlMs);
      await this.audit.record(
        {
          actor: by.actor,
          action: 'claim.create',
          targetKind: 'station',
          targetId: stationId,
          detail: { expiresAt: created.expiresAt },
          ip: by.ip,
        },
        tx,
      );
      return created;
    });
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
