import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { OutboxStatements } from './outbox-statements.ts';
import { carryMarkers, planThinning, type MarkerCounts } from './outbox-thinning.ts';
import { diskFullCode, isDiskFull, OutboxWriteError } from './outbox-write-error.ts';
import { transaction } from './sqlite-transaction.ts';

import { THINNING_ORDER, type DataFields, type DataKind, type GapSummary, type OutboxRecord, type OutboxStats } from './outbox-types.ts';

/** Row overhead counted against the budget besides payload and JPEG bytes (ids, index entries). */
const ROW_OVERHEAD = 64;
/** When full, thin down to this share of the budget so thinning runs rarely, not on every insert. */
const LOW_WATERMARK = 0.9;

/** A row of the `next` statement (returned as an array, in its column order). */
type NextRow = [number, DataKind, string | null, string, number, number, string, Uint8Array | null, number];

export class OutboxNotStartedError extends Error {
  override readonly name = 'OutboxNotStartedError';
}

/** Records that could not be written (disk full) since the last gap marker: in memory until one can be written. */
interface Unwritten {
  count: number;
  fromTs: number;
  toTs: number;
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
  private pendingGaps: GapSummary[] = [];
  private unwritten: Unwritten | null = null;
  /** Whether this boot's row made it into `boots` (a full disk may refuse it; retried with the next record). */
  private bootRecorded = false;
  private bootStartedAt = 0;

  constructor(
    private readonly db: DatabaseSync,
    private readonly sql: OutboxStatements,
    readonly stationId: string,
    /** Disk budget; a configuration reload may change it. */
    public maxBytes: number,
  ) {
    sql.ensureMeta.run(stationId);
    const totals = sql.totals.get(stationId) as { n: number; bytes: number };
    this.pendingCount = totals.n;
    this.pendingBytes = totals.bytes;
    this.droppedTotal = (sql.meta.get(stationId) as { droppedTotal: number }).droppedTotal;
    this.appendTx = transaction(db, (kind: DataKind, fields: object, ts: number, jpeg: Buffer | null) =>
      this.appendNow(kind, fields, ts, jpeg),
    );
  }

  /**
   * Starts a new boot: a fresh random boot id, recorded in the file so it can never be issued twice;
   * sequence numbers restart at 1 under it. Records of earlier boots keep their own ids.
   */
  startBoot(ts: number, bootId: string = randomUUID()): string {
    this.bootIdValue = bootId;
    this.bootStartedAt = ts;
    this.lastSeq = 0;
    this.bootRecorded = false;
    try {
      transaction(this.db, () => this.recordBoot())();
    } catch (err) {
      // A full disk must not stop the agent from starting (it could never drain the backlog that
      // fills the disk); the boot row is written with the first record that can be.
      if (!isDiskFull(err)) throw err;
    }
    return bootId;
  }

  private recordBoot(): void {
    this.sql.insertBoot.run(this.bootId, this.stationId, this.bootStartedAt);
    this.sql.pruneBoots.run(this.stationId, this.stationId, this.stationId);
    this.bootRecorded = true;
  }

  get bootId(): string {
    if (!this.bootIdValue) throw new OutboxNotStartedError(`outbox of ${this.stationId}: startBoot() first`);
    return this.bootIdValue;
  }

  /** The last sequence number issued in this boot (0 before the first message). */
  get seq(): number {
    return this.lastSeq;
  }

  /**
   * Stamps the envelope (next seq, `replay: false`) and commits the record; thins first when full.
   * When the write fails (disk full), nothing of it stays, in the file or in memory: the sequence
   * number is not consumed, counts and bytes stay those of the file, and the lost record is counted
   * and reported by a gap marker written before the next record that can be stored.
   */
  append<K extends DataKind>(kind: K, fields: DataFields<K>, ts: number, jpeg?: Buffer): OutboxRecord {
    const before = { lastSeq: this.lastSeq, pendingCount: this.pendingCount, pendingBytes: this.pendingBytes };
    const { droppedTotal, bootRecorded, unwritten } = this;
    try {
      const record = this.appendTx(kind, fields, ts, jpeg ?? null);
      const gaps = this.pendingGaps;
      this.pendingGaps = [];
      for (const r of this.uncommitted) this.onCommitted?.(r);
      if (gaps.length > 0) queueMicrotask(() => this.onThinned?.(gaps));
      return record;
    } catch (err) {
      Object.assign(this, before);
      this.droppedTotal = droppedTotal;
      this.bootRecorded = bootRecorded;
      this.unwritten = unwritten;
      this.pendingGaps = [];
      if (!isDiskFull(err)) throw err;
      this.unwritten = {
        count: (unwritten?.count ?? 0) + 1,
        fromTs: Math.min(unwritten?.fromTs ?? ts, ts),
        toTs: Math.max(unwritten?.toTs ?? ts, ts),
      };
      throw new OutboxWriteError(kind, diskFullCode(err), err);
    } finally {
      this.uncommitted.length = 0;
    }
  }

  /** Pending records after `afterId`, oldest first. */
  next(afterId: number, limit: number): OutboxRecord[] {
    const rows = this.sql.next.all(this.stationId, afterId, limit) as unknown as NextRow[];
    return rows.map(([id, kind, cameraId, bootId, seq, ts, payload, jpeg, bytes]) => ({
      id,
      kind,
      cameraId,
      bootId,
      seq,
      ts,
      payload,
      // node:sqlite reads a BLOB as a plain Uint8Array; the MQTT session expects a Buffer (a view, not a copy).
      jpeg: jpeg && Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength),
      bytes,
    }));
  }

  markInflight(id: number): void {
    this.inflight.add(id);
  }

  /** The connection that carried them is gone: they are pending again (and thinnable). */
  clearInflight(): void {
    this.inflight.clear();
  }

  /**
   * The broker acknowledged the record: it leaves the outbox. False when the delete could not be
   * written (a full disk can refuse even that): the record stays and is sent again (the hub
   * discards the duplicate by its seq).
   */
  ack(id: number): boolean {
    this.inflight.delete(id);
    let row: { bytes: number } | undefined;
    try {
      row = this.sql.remove.get(this.stationId, id) as { bytes: number } | undefined;
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      return false;
    }
    if (!row) return true;
    this.pendingCount--;
    this.pendingBytes -= row.bytes;
    return true;
  }

  stats(): OutboxStats {
    return {
      pending: this.pendingCount,
      pendingBytes: this.pendingBytes,
      droppedTotal: this.droppedTotal,
      unwritten: this.unwritten?.count ?? 0,
      maxBytes: this.maxBytes,
    };
  }

  getReference(cameraId: string): string | null {
    const row = this.sql.getReference.get(this.stationId, cameraId) as { hash: string } | undefined;
    return row?.hash ?? null;
  }

  /** False when a full disk refused it (the reference is kept in memory and stored with a later one). */
  setReference(cameraId: string, hash: string, ts: number): boolean {
    return this.tryWrite(() => this.sql.setReference.run(this.stationId, cameraId, hash, ts));
  }

  /** A person accepted a new view: the old one must not come back after a restart (false: a full disk refused it). */
  clearReference(cameraId: string): boolean {
    return this.tryWrite(() => this.sql.clearReference.run(this.stationId, cameraId));
  }

  /** The camera's picture references as stored (JSON text), or null. */
  getPictureReference(cameraId: string): string | null {
    const row = this.sql.getPictureReference.get(this.stationId, cameraId) as { reference: string } | undefined;
    return row?.reference ?? null;
  }

  setPictureReference(cameraId: string, reference: string, ts: number): boolean {
    return this.tryWrite(() => this.sql.setPictureReference.run(this.stationId, cameraId, reference, ts));
  }

  /** Persisted daily byte counter, so a restart does not reset `bytesSentToday`. */
  loadBytes(): { day: number; bytes: number } {
    const meta = this.sql.meta.get(this.stationId) as { bytesDay: number; bytesSent: number };
    return { day: meta.bytesDay, bytes: meta.bytesSent };
  }

  saveBytes(day: number, bytes: number): boolean {
    return this.tryWrite(() => this.sql.saveBytes.run(day, bytes, this.stationId));
  }

  /** A side write (counters, references) that a full disk may refuse without stopping the agent. */
  private tryWrite(write: () => unknown): boolean {
    try {
      write();
      return true;
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      return false;
    }
  }

  private appendNow(kind: DataKind, fields: object, ts: number, jpeg: Buffer | null): OutboxRecord {
    if (!this.bootRecorded) this.recordBoot();
    if (this.unwritten) this.writeUnwrittenGap(this.unwritten, ts);
    // Bytes, not UTF-16 units: Vietnamese details and messages take 2–3 bytes a letter on disk.
    const estimate = Buffer.byteLength(JSON.stringify(fields)) + 120 + (jpeg?.length ?? 0) + ROW_OVERHEAD;
    if (this.pendingBytes + estimate > this.maxBytes) this.thin(estimate, ts);
    return this.insert(kind, fields, ts, jpeg);
  }

  /** Records lost to a full disk become a counted gap marker (and part of the dropped total) as soon as one fits. */
  private writeUnwrittenGap(lost: Unwritten, ts: number): void {
    this.droppedTotal += lost.count;
    this.sql.addDropped.run(lost.count, this.stationId);
    this.insert(
      'event',
      {
        kind: 'outbox_gap',
        cameraId: null,
        message: `disk full: ${lost.count} records could not be stored`,
        gap: { dropped: lost.count, fromTs: lost.fromTs, toTs: lost.toTs },
      },
      ts,
      null,
    );
    this.unwritten = null;
  }

  private insert(kind: DataKind, fields: object, ts: number, jpeg: Buffer | null): OutboxRecord {
    const seq = this.lastSeq + 1;
    const envelope = { stationId: this.stationId, bootId: this.bootId, seq, ts, replay: false };
    const payload = JSON.stringify({ ...envelope, ...fields });
    const bytes = Buffer.byteLength(payload) + (jpeg?.length ?? 0) + ROW_OVERHEAD;
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
    const markers = new Map<number, MarkerCounts>();
    const rowsOf = (kind: DataKind) =>
      (this.sql.ofKind.all(this.stationId, kind) as { id: number; ts: number; bytes: number; gap: string | null }[]).filter((r) => {
        if (r.gap) markers.set(r.id, JSON.parse(r.gap) as MarkerCounts);
        return !this.inflight.has(r.id);
      });
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
    for (const { planned, gap } of carryMarkers(plan, markers)) {
      const message =
        gap === planned
          ? `outbox full: thinned ${gap.dropped} ${gap.kind} records`
          : `outbox full: thinned ${planned.dropped} event records, gap markers among them, ${gap.dropped} records in all`;
      this.insert(
        'event',
        { kind: 'outbox_gap', cameraId: null, message, gap: { dropped: gap.dropped, fromTs: gap.fromTs, toTs: gap.toTs } },
        ts,
        null,
      );
    }
    this.pendingGaps.push(...plan.gaps);
  }
}
