import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { OutboxStatements } from './outbox-statements.ts';
import { planThinning } from './outbox-thinning.ts';
import { THINNING_ORDER, type DataFields, type DataKind, type GapSummary, type OutboxRecord, type OutboxStats } from './outbox-types.ts';

/** Row overhead counted against the budget besides payload and JPEG bytes (ids, index entries). */
const ROW_OVERHEAD = 64;
/** When full, thin down to this share of the budget so thinning runs rarely, not on every insert. */
const LOW_WATERMARK = 0.9;

export class OutboxNotStartedError extends Error {
  override readonly name = 'OutboxNotStartedError';
}

/**
 * The durable queue of one station. Every data message is written here (with its boot id and
 * sequence number) before anything is sent, and deleted only when the broker acknowledged it.
 */
export class StationOutbox {
  private bootIdValue: string | null = null;
  private lastSeq = 0;
  private pendingCount: number;
  private pendingBytes: number;
  private droppedTotal: number;
  /** Records handed to the MQTT session and not yet acknowledged: never thinned. */
  private readonly inflight = new Set<number>();
  private readonly appendTx: (kind: DataKind, fields: object, ts: number, jpeg: Buffer | null) => OutboxRecord;
  /** Called after records were thinned (the gap marker is already in the outbox). */
  onThinned: ((gaps: GapSummary[]) => void) | null = null;
  /** Called after every committed record, gap markers included (the simulator counts what was produced). */
  onCommitted: ((record: OutboxRecord) => void) | null = null;
  private readonly uncommitted: OutboxRecord[] = [];

  constructor(
    private readonly db: Database.Database,
    private readonly sql: OutboxStatements,
    readonly stationId: string,
    readonly maxBytes: number,
  ) {
    sql.ensureMeta.run(stationId);
    const totals = sql.totals.get(stationId) as { n: number; bytes: number };
    this.pendingCount = totals.n;
    this.pendingBytes = totals.bytes;
    this.droppedTotal = (sql.meta.get(stationId) as { droppedTotal: number }).droppedTotal;
    this.appendTx = db.transaction((kind: DataKind, fields: object, ts: number, jpeg: Buffer | null) =>
      this.appendNow(kind, fields, ts, jpeg),
    );
  }

  /**
   * Starts a new boot: a fresh random boot id, recorded in the file so it can never be issued twice;
   * sequence numbers restart at 1 under it. Records of earlier boots keep their own ids.
   */
  startBoot(ts: number, bootId: string = randomUUID()): string {
    this.db.transaction(() => {
      this.sql.insertBoot.run(bootId, this.stationId, ts);
      this.sql.pruneBoots.run(this.stationId, this.stationId, this.stationId);
    })();
    this.bootIdValue = bootId;
    this.lastSeq = 0;
    return bootId;
  }

  get bootId(): string {
    if (!this.bootIdValue) throw new OutboxNotStartedError(`outbox of ${this.stationId}: startBoot() first`);
    return this.bootIdValue;
  }

  /** The last sequence number issued in this boot (0 before the first message). */
  get seq(): number {
    return this.lastSeq;
  }

  /** Stamps the envelope (next seq, `replay: false`) and commits the record; thins first when full. */
  append<K extends DataKind>(kind: K, fields: DataFields<K>, ts: number, jpeg?: Buffer): OutboxRecord {
    try {
      const record = this.appendTx(kind, fields, ts, jpeg ?? null);
      for (const r of this.uncommitted) this.onCommitted?.(r);
      return record;
    } finally {
      this.uncommitted.length = 0;
    }
  }

  /** Pending records after `afterId`, oldest first. */
  next(afterId: number, limit: number): OutboxRecord[] {
    return this.sql.next.all(this.stationId, afterId, limit) as OutboxRecord[];
  }

  markInflight(id: number): void {
    this.inflight.add(id);
  }

  /** A send failed: the record is pending again. */
  releaseInflight(id: number): void {
    this.inflight.delete(id);
  }

  /** The connection that carried them is gone: they are pending again (and thinnable). */
  clearInflight(): void {
    this.inflight.clear();
  }

  /** The broker acknowledged the record: it leaves the outbox. */
  ack(id: number): void {
    this.inflight.delete(id);
    const row = this.sql.remove.get(this.stationId, id) as { bytes: number } | undefined;
    if (!row) return;
    this.pendingCount--;
    this.pendingBytes -= row.bytes;
  }

  stats(): OutboxStats {
    return { pending: this.pendingCount, pendingBytes: this.pendingBytes, droppedTotal: this.droppedTotal, maxBytes: this.maxBytes };
  }

  getReference(cameraId: string): string | null {
    const row = this.sql.getReference.get(this.stationId, cameraId) as { hash: string } | undefined;
    return row?.hash ?? null;
  }

  setReference(cameraId: string, hash: string, ts: number): void {
    this.sql.setReference.run(this.stationId, cameraId, hash, ts);
  }

  /** The camera's picture references as stored (JSON text), or null. */
  getPictureReference(cameraId: string): string | null {
    const row = this.sql.getPictureReference.get(this.stationId, cameraId) as { reference: string } | undefined;
    return row?.reference ?? null;
  }

  setPictureReference(cameraId: string, reference: string, ts: number): void {
    this.sql.setPictureReference.run(this.stationId, cameraId, reference, ts);
  }

  /** Persisted daily byte counter, so a restart does not reset `bytesSentToday`. */
  loadBytes(): { day: number; bytes: number } {
    const meta = this.sql.meta.get(this.stationId) as { bytesDay: number; bytesSent: number };
    return { day: meta.bytesDay, bytes: meta.bytesSent };
  }

  saveBytes(day: number, bytes: number): void {
    this.sql.saveBytes.run(day, bytes, this.stationId);
  }

  private appendNow(kind: DataKind, fields: object, ts: number, jpeg: Buffer | null): OutboxRecord {
    const estimate = JSON.stringify(fields).length + 120 + (jpeg?.length ?? 0) + ROW_OVERHEAD;
    if (this.pendingBytes + estimate > this.maxBytes) this.thin(estimate, ts);
    return this.insert(kind, fields, ts, jpeg);
  }

  private insert(kind: DataKind, fields: object, ts: number, jpeg: Buffer | null): OutboxRecord {
    const seq = this.lastSeq + 1;
    const envelope = { stationId: this.stationId, bootId: this.bootId, seq, ts, replay: false };
    const payload = JSON.stringify({ ...envelope, ...fields });
    const bytes = payload.length + (jpeg?.length ?? 0) + ROW_OVERHEAD;
    const cameraId = 'cameraId' in fields && typeof fields.cameraId === 'string' ? fields.cameraId : null;
    const info = this.sql.insert.run({ stationId: this.stationId, kind, cameraId, bootId: envelope.bootId, seq, ts, payload, jpeg, bytes });
    this.sql.bumpSeq.run(seq, envelope.bootId);
    this.lastSeq = seq;
    this.pendingCount++;
    this.pendingBytes += bytes;
    const record: OutboxRecord = {
      id: Number(info.lastInsertRowid),
      kind,
      cameraId,
      bootId: envelope.bootId,
      seq,
      ts,
      payload,
      jpeg,
      bytes,
    };
    this.uncommitted.push(record);
    return record;
  }

  /** Frees room for `incoming` bytes, cheapest kinds first, and leaves one counted gap marker per kind. */
  private thin(incoming: number, ts: number): void {
    const need = this.pendingBytes + incoming - Math.floor(this.maxBytes * LOW_WATERMARK);
    const rowsOf = (kind: DataKind) =>
      (this.sql.ofKind.all(this.stationId, kind) as { id: number; ts: number; bytes: number }[]).filter((r) => !this.inflight.has(r.id));
    const plan = planThinning(THINNING_ORDER, rowsOf, need);
    let dropped = 0;
    for (const id of plan.victims) {
      const row = this.sql.remove.get(this.stationId, id) as { bytes: number } | undefined;
      if (!row) continue;
      this.pendingCount--;
      this.pendingBytes -= row.bytes;
      dropped++;
    }
    this.droppedTotal += dropped;
    this.sql.addDropped.run(dropped, this.stationId);
    for (const gap of plan.gaps) {
      const message = `outbox full: thinned ${gap.dropped} ${gap.kind} records`;
      this.insert(
        'event',
        { kind: 'outbox_gap', cameraId: null, message, gap: { dropped: gap.dropped, fromTs: gap.fromTs, toTs: gap.toTs } },
        ts,
        null,
      );
    }
    if (plan.gaps.length > 0) queueMicrotask(() => this.onThinned?.(plan.gaps));
  }
}
