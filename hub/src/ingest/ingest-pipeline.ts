import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import type { HubMetrics } from '../metrics.ts';
import type { PublishPacket } from '../mqtt/deferred-acks.ts';
import type { AckSettler } from '../mqtt/puback-queue.ts';
import type { SnapshotRepository } from '../snapshots/snapshot-repository.ts';
import type { SnapshotFiles } from '../snapshots/snapshot-files.ts';
import type { CameraOwners } from './camera-owners.ts';
import { decodeMessage, type DecodeLimits } from './decode-message.ts';
import type { StationRateLimiter } from './station-rate-limiter.ts';
import { IngestBatcher, type BatcherOptions } from './ingest-batcher.ts';
import type { IngestItem } from './ingest-types.ts';
import type { BatchOutcome, IngestWriter } from './ingest-writer.ts';
import { RejectLog } from './reject-log.ts';

export interface PipelineDeps {
  db: Db;
  writer: IngestWriter;
  snapshotFiles: SnapshotFiles;
  snapshotRepo: SnapshotRepository;
  metrics: HubMetrics;
  log: Logger;
  limits: DecodeLimits;
  batch: BatcherOptions;
  now?: () => number;
  /** Cameras' stations from the inventory; without it, camera ids are not checked against it. */
  cameraOwners?: CameraOwners;
  /** Per-station message budget; without it, no station is rate-limited. */
  rateLimiter?: StationRateLimiter;
  /** Called after every commit with the batch's messages (live updates, benchmarks). */
  onCommitted?: (outcome: BatchOutcome, items: readonly IngestItem[]) => void;
  /**
   * FAULT INJECTION hook, off unless set (HubOptions.faultDropOneIn, tests only): the first of every N
   * valid data messages (snapshots aside) is acknowledged and never stored, the silent loss a bug in this
   * path would cause. It exists so the chaos run's loss accounting can be shown to catch it.
   */
  faultDropOneIn?: number;
}

/**
 * MQTT message → validated item → batch → commit → acknowledgement. Invalid messages are counted,
 * logged (rate-limited) and settled at once: redelivering them would not make them valid. Their
 * PUBACK still waits for every earlier message's (PUBACKs go in PUBLISH order, MQTT-4.6.0-2).
 */
export class IngestPipeline {
  private readonly batcher: IngestBatcher;
  private readonly rejects: RejectLog;
  private readonly now: () => number;
  private faultCount = 0;

  constructor(private readonly deps: PipelineDeps) {
    this.now = deps.now ?? Date.now;
    this.rejects = new RejectLog(deps.log.child({ component: 'ingest' }), deps.metrics);
    this.batcher = new IngestBatcher(
      (items) => this.writeBatch(items),
      deps.batch,
      deps.log.child({ component: 'ingest-batcher' }),
      (item, err) => {
        deps.metrics.rejected.inc({ reason: 'store_failed' });
        deps.log.error({ err, stationId: item.stationId, kind: item.kind }, 'message could not be stored; dropped');
      },
    );
  }

  get queued(): number {
    return this.batcher.queued;
  }

  /** Receive time of the oldest message waiting for its commit; null when none waits. */
  get oldestUnsettledAt(): number | null {
    return this.batcher.oldestUnsettledAt;
  }

  /**
   * One message from the broker (a MessageHandler): `ticket` is settled through `acks` once the message
   * is committed or dropped. Returns a promise only for a snapshot, resolved once its file is written.
   */
  receive(packet: PublishPacket, ticket: number, acks: AckSettler): Promise<void> | void {
    const receivedAt = this.now();
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const decoded = decodeMessage(packet.topic, payload, receivedAt, packet.retain, this.deps.limits);
    if (!decoded.ok) {
      this.rejects.record(decoded.rejection, packet.topic);
      return acks.settle(ticket);
    }
    const stationId = 'item' in decoded ? decoded.item.stationId : decoded.snapshot.stationId;
    if (this.deps.rateLimiter && !this.deps.rateLimiter.take(stationId, receivedAt)) {
      this.rejects.record({ reason: 'rate_limited', detail: 'station over its message budget', stationId }, packet.topic);
      return acks.settle(ticket);
    }
    // A station may speak only of its own cameras (an event naming another's could set that camera's reference).
    const cameraId =
      'item' in decoded
        ? decoded.item.kind === 'cameraStatus' || decoded.item.kind === 'event'
          ? decoded.item.payload.cameraId
          : null
        : decoded.snapshot.meta.cameraId;
    const owner = cameraId === null ? null : (this.deps.cameraOwners?.otherOwner(cameraId, stationId) ?? null);
    if (owner !== null) {
      this.rejects.record(
        { reason: 'camera_not_of_station', detail: `camera ${cameraId} belongs to station ${owner}`, stationId },
        packet.topic,
      );
      return acks.settle(ticket);
    }
    if ('item' in decoded) {
      this.deps.metrics.received.inc({ kind: decoded.item.kind });
      // The first data message of every N (births and states are not samples): a short run loses one too.
      const data = decoded.item.kind !== 'state' && decoded.item.kind !== 'birth';
      if (this.deps.faultDropOneIn !== undefined && data && this.faultCount++ % this.deps.faultDropOneIn === 0) return acks.settle(ticket);
      return this.batcher.enqueue(decoded.item, ticket, acks);
    }
    // Snapshot: the JPEG goes to disk before the next message is read, so at most one is in memory.
    this.deps.metrics.received.inc({ kind: 'snapshot' });
    const { meta, jpeg } = decoded.snapshot;
    return this.deps.snapshotFiles.put(jpeg).then(
      (file) => {
        if (file.created) this.deps.metrics.snapshotsStored.inc();
        const item: IngestItem = {
          kind: 'snapshot',
          stationId,
          receivedAt,
          retained: packet.retain,
          payload: { meta, sha256: file.sha256, bytes: file.bytes },
        };
        this.batcher.enqueue(item, ticket, acks);
      },
      (err: unknown) => {
        this.rejects.record({ reason: 'snapshot_write_failed', detail: (err as Error).message, stationId }, packet.topic);
        acks.settle(ticket);
      },
    );
  }

  private async writeBatch(items: IngestItem[]): Promise<void> {
    const started = this.now();
    const outcome = await this.deps.writer.write(this.deps.db, items);
    const { metrics } = this.deps;
    metrics.batches.inc();
    metrics.batchRows.observe(items.length);
    for (const [kind, n] of Object.entries(outcome.stored)) metrics.stored.inc({ kind }, n);
    for (const [kind, n] of Object.entries(outcome.duplicates)) metrics.duplicates.inc({ kind }, n);
    for (const [kind, n] of Object.entries(outcome.conflicting)) metrics.conflictingDuplicates.inc({ kind }, n);
    for (const t of outcome.transitions) metrics.stationTransitions.inc({ status: t.status, cause: t.cause });
    const committedAt = this.now();
    for (const i of items) metrics.commitLatency.observe((committedAt - i.receivedAt) / 1000);
    if (outcome.transitions.length)
      this.deps.log.info({ transitions: outcome.transitions.length, ms: committedAt - started }, 'station status changed');
    // Committed: nothing below may fail the batch (a retry would only find duplicates).
    try {
      await this.collectFiles(outcome.droppedSnapshots);
      this.deps.onCommitted?.(outcome, items);
    } catch (err) {
      this.deps.log.error({ err }, 'after-commit work failed');
    }
  }

  private async collectFiles(shas: string[]): Promise<void> {
    if (shas.length === 0) return;
    for (const sha of await this.deps.snapshotRepo.unreferenced(this.deps.db, shas)) await this.deps.snapshotFiles.remove(sha);
  }

  flush(): Promise<void> {
    return this.batcher.flush();
  }

  stop(): Promise<void> {
    return this.batcher.stop();
  }
}
