import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import type { CommandService } from '../commands/command-service.ts';
import type { IngestItem } from '../ingest/ingest-types.ts';
import type { ReferenceRepository, StoredReference } from './reference-repository.ts';

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
    const wanted: { stationId: string; cameraIds: string[] }[] = [];
    for (const i of items) {
      if (i.kind !== 'birth' || i.retained) continue;
      const missing = i.payload.cameras.filter((c) => c.hasReference === false).map((c) => c.cameraId);
      if (missing.length) wanted.push({ stationId: i.stationId, cameraIds: missing });
    }
    if (wanted.length === 0) return 0;
    // One read for the whole batch: in a connection storm every station's birth names cameras without a reference.
    let stored: Map<string, StoredReference[]>;
    try {
      stored = await this.references.ofStations(this.db, wanted);
    } catch (err) {
      this.log.error({ err, stations: wanted.length }, 'reference restore failed');
      return 0;
    }
    let sent = 0;
    for (const [stationId, refs] of stored) {
      try {
        for (const ref of refs) {
          const r = await this.commands.send(null, {
            stationId,
            cameraId: ref.cameraId,
            kind: 'restore_reference',
            reference: { ...ref.reference, origin: 'restored' },
          });
          if (r.ok) sent++;
          else this.log.warn({ stationId, cameraId: ref.cameraId, reason: r.reason }, 'reference not restored');
        }
      } catch (err) {
        this.log.error({ err, stationId }, 'reference restore failed');
      }
    }
    return sent;
  }
}
