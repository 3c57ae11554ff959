import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import { renderAclFile, renderPasswordFile, writeFileAtomic, type BrokerAccount } from './mosquitto-files.ts';
import { StationCredentialRepository } from './station-credential-repository.ts';

export interface MosquittoFilesOptions {
  /** Folder Mosquitto reads `password_file` and `acl_file` from (files `passwd` and `acl`). */
  dir: string;
  /** The hub's own broker accounts (full read; writes commands, clock, alerts). */
  hubAccounts: readonly BrokerAccount[];
  /** Makes Mosquitto reread the files (e.g. SIGHUP to its pid); without it Mosquitto needs a restart. */
  reload?: () => Promise<void>;
}

export interface BrokerCredentialSyncOptions {
  /** Drops a station's live connection on the embedded broker (revocation takes effect now, not at its next connect). */
  disconnectStation?: (stationId: string) => Promise<void> | void;
  mosquitto?: MosquittoFilesOptions;
}

/**
 * Makes credential changes take effect on the broker(s). The embedded broker checks the
 * database on every connect, so it needs only the disconnect of a revoked station; Mosquitto
 * gets its password file and ACL rewritten from the database (and reloaded) on every change.
 */
export class BrokerCredentialSync {
  private readonly creds: StationCredentialRepository;

  constructor(
    db: Db,
    private readonly logger: Logger,
    private readonly opts: BrokerCredentialSyncOptions = {},
  ) {
    this.creds = new StationCredentialRepository(db);
  }

  get passwordFile(): string | null {
    return this.opts.mosquitto ? join(this.opts.mosquitto.dir, 'passwd') : null;
  }

  get aclFile(): string | null {
    return this.opts.mosquitto ? join(this.opts.mosquitto.dir, 'acl') : null;
  }

  /** Call after any credential change of `stationId`; `revoked` when a credential it may be using was revoked. */
  async changed(stationId: string, revoked = true): Promise<void> {
    await this.writeMosquittoFiles();
    if (revoked && this.opts.disconnectStation) await this.opts.disconnectStation(stationId);
  }

  /** Rewrites Mosquitto's files from the database (also at start, so they never lag behind). */
  async writeMosquittoFiles(): Promise<void> {
    const m = this.opts.mosquitto;
    if (!m) return;
    const { accounts, skipped } = await this.creds.brokerAccounts();
    if (skipped.length)
      this.logger.warn(
        { stations: skipped.slice(0, 20), count: skipped.length },
        'stations whose credential hash Mosquitto cannot read were left out of the password file; issue them new credentials',
      );
    await writeFileAtomic(this.passwordFile!, renderPasswordFile([...m.hubAccounts, ...accounts]));
    await writeFileAtomic(
      this.aclFile!,
      renderAclFile(
        accounts.map((a) => a.username),
        m.hubAccounts.map((a) => a.username),
      ),
    );
    await m.reload?.();
    this.logger.info({ stations: accounts.length }, 'mosquitto password file and ACL written');
  }
}
