import type { OutboxRecord } from '@camwatch/edge-agent';

/** Records kept in memory per station at most: a station offline for long reads its backlog from SQLite. */
const MAX_RECENT = 64;

/**
 * The records one station appended in this process and that were not acknowledged yet, oldest
 * first, so the pump's reads of what it just appended are answered without a query (one read per
 * message returned rows from SQLite: ≈5 % of the simulator's CPU). `from` is the bound that makes
 * it exact: every pending record of the station with a higher id is held here. Whatever the outbox
 * wrote besides the appended record (a gap marker, thinning) has a lower id, so it starts again from
 * the new record; reads after an older id go to SQLite, as before.
 */
export class RecentOutboxRecords {
  private from: number | null = null;
  private records: OutboxRecord[] = [];

  /** `alone`: the outbox wrote or deleted other records with this one; older records are then SQLite's to answer. */
  appended(record: OutboxRecord, alone: boolean): void {
    if (this.from === null || !alone || this.records.length >= MAX_RECENT) {
      this.from = record.id - 1;
      this.records = [record];
    } else this.records.push(record);
  }

  /** The pending records after `afterId`, oldest first, up to `limit`; null when only SQLite knows them all. */
  after(afterId: number, limit: number): OutboxRecord[] | null {
    if (this.from === null || afterId < this.from) return null;
    const out: OutboxRecord[] = [];
    for (const r of this.records) {
      if (out.length >= limit) break;
      if (r.id > afterId) out.push(r);
    }
    return out;
  }

  /** The record left the outbox (acknowledged and deleted). */
  acked(id: number): void {
    const i = this.records.findIndex((r) => r.id === id);
    if (i >= 0) this.records.splice(i, 1);
  }

  /** A group commit rolled back: nothing held here may exist any more. */
  forget(): void {
    this.from = null;
    this.records = [];
  }
}
