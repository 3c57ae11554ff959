import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import type { CommandService } from '../commands/command-service.ts';
import type { IngestItem } from '../ingest/ingest-types.ts';
import type { ReferenceRepository } from './reference-repository.ts';

/**
 * Gives a reinstalled agent its cameras' references back. A birth that says a camera has no
 * reference (`hasReference: false`) makes the hub send the one it keeps (`restore_reference`);
 * without this, a box replaced after theft would learn whatever its cameras see that day (a
 * camera turned away meanwhile, say) as normal. Only live births count: a retained one is the
 * broker's copy of an old connect, and the agent has likely learnt its own since.
 */
export class ReferenceRestorer {
  constructor(
    private readonly db: Db,
    private readonly references: ReferenceRepository,
    private readonly commands: Pick<CommandService, 'send'>,
    private readonly log: Logger,
  ) {}

  private readonly pending = new Set<Promise<number>>();
  private closed = false;

  /**
   * Starts the restores a commit calls for without holding up the next batch (a restore is a
   * publish). The hub's shutdown drains them before it ends the database pool: a restore still
   * running then failed with "Cannot use a pool after calling end".
   */
  restoreAfter(items: readonly IngestItem[]): void {
    if (this.closed) return;
    const run: Promise<number> = this.afterCommit(items).finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  /** Takes no new restores and waits for the running ones. */
  async drain(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pending]);
  }

  /** After a commit; returns the restore commands sent. Failures are logged: the agent can still learn its own. */
  async afterCommit(items: readonly IngestItem[]): Promise<number> {
    let sent = 0;
    for (const i of items) {
      if (i.kind !== 'birth' || i.retained) continue;
      const missing = i.payload.cameras.filter((c) => c.hasReference === false).map((c) => c.cameraId);
      if (missing.length === 0) continue;
      try {
        for (const stored of await this.references.ofStation(this.db, i.stationId, missing)) {
          const r = await this.commands.send(null, {
            stationId: i.stationId,
            cameraId: stored.cameraId,
            kind: 'restore_reference',
            reference: { ...stored.reference, origin: 'restored' },
          });
          if (r.ok) sent++;
          else this.log.warn({ stationId: i.stationId, cameraId: stored.cameraId, reason: r.reason }, 'reference not restored');
        }
      } catch (err) {
        this.log.error({ err, stationId: i.stationId }, 'reference restore failed');
      }
    }
    return sent;
  }
}
