import type { StationOutbox } from '@camwatch/edge-agent';
import { RecentOutboxRecords } from './recent-outbox-records.ts';

/** The part of a node:sqlite DatabaseSync this needs. */
interface SqliteReader {
  prepare(sql: string): { get(...params: unknown[]): unknown };
}

/**
 * What the agent cores' pumps may send from the simulator's group-committed outbox: only records
 * already committed. A real agent commits each record before it publishes it; the simulator
 * commits every 200 ms, and a record published before its commit would, if the process is then
 * SIGKILLed, be a message the broker and hub have but the outbox (and the chaos ledger) never had.
 * At each group commit the stations that appended since the last one are woken to send.
 */
export class CommittedOutboxView {
  private committedUpTo: number;
  private readonly appendedSince = new Set<string>();
  /** The highest record id each station appended in this process (its newest record: every record it has is at or below). */
  private readonly lastAppended = new Map<string, number>();
  /** Each station's newest committed record, for the stations that appended in this process. */
  private readonly lastCommitted = new Map<string, number>();
  /** Each station's records appended in this process and not acknowledged yet (answers most reads without a query). */
  private readonly recent = new Map<string, RecentOutboxRecords>();
  /** The highest id appended in this process: a commit that leaves the file below it was rolled back. */
  private highestAppended = 0;
  /** Records left in the file by an earlier run are at or below this id. */
  private readonly highestAtStart: number;
  private readonly highest;

  constructor(
    db: SqliteReader,
    private readonly wake: (stationId: string) => void,
  ) {
    // AUTOINCREMENT: the highest id ever given, even when that record has since been acknowledged and deleted.
    const stmt = db.prepare("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0) AS id");
    this.highest = () => (stmt.get() as { id: number }).id;
    this.committedUpTo = this.highest();
    this.highestAtStart = this.committedUpTo;
  }

  /** Wraps `outbox` (once) so its `next` stops at the last commit and appends are remembered. */
  watch(outbox: StationOutbox): StationOutbox {
    const next = outbox.next.bind(outbox);
    const append = outbox.append.bind(outbox);
    const ack = outbox.ack.bind(outbox);
    const station = outbox.stationId;
    const recent = new RecentOutboxRecords();
    this.recent.set(station, recent);
    // The pump asks after every append, send and PUBACK; most asks find nothing (the record is not
    // committed yet, or already sent): those are answered without a query (≈14 % of the simulator's
    // CPU went to outbox reads). Only ids a query could return are asked of SQLite, as before.
    // The asks that do find records mostly want what the station appended since the last commit: those
    // come from memory (RecentOutboxRecords); only older ones (a backlog, an earlier run's) from SQLite.
    outbox.next = (afterId, limit) => {
      const newest = this.lastCommitted.get(station) ?? this.highestAtStart;
      if (afterId >= newest || limit <= 0) return [];
      const held = recent.after(afterId, limit);
      if (held) return held.filter((r) => r.id <= this.committedUpTo);
      return next(afterId, limit).filter((r) => r.id <= this.committedUpTo);
    };
    outbox.append = ((kind, fields, ts, jpeg) => {
      const dropped = outbox.stats().droppedTotal;
      const record = append(kind, fields, ts, jpeg);
      // A changed dropped total: the outbox thinned or wrote a gap marker along with the record.
      recent.appended(record, outbox.stats().droppedTotal === dropped);
      this.highestAppended = Math.max(this.highestAppended, record.id);
      this.lastAppended.set(station, record.id);
      this.appendedSince.add(station);
      return record;
    }) as StationOutbox['append'];
    outbox.ack = (id) => {
      const gone = ack(id);
      if (gone) recent.acked(id);
      return gone;
    };
    return outbox;
  }

  /** Called right after a group commit, outside any transaction: everything written so far is durable. */
  committed(): void {
    this.committedUpTo = this.highest();
    if (this.committedUpTo < this.highestAppended) {
      for (const r of this.recent.values()) r.forget();
      this.highestAppended = this.committedUpTo;
    }
    const woken = [...this.appendedSince];
    this.appendedSince.clear();
    for (const id of woken) this.lastCommitted.set(id, this.lastAppended.get(id)!);
    for (const id of woken) this.wake(id);
  }
}
