import type { StationOutbox } from '@camwatch/edge-agent';

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
  private readonly highest;

  constructor(
    db: SqliteReader,
    private readonly wake: (stationId: string) => void,
  ) {
    // AUTOINCREMENT: the highest id ever given, even when that record has since been acknowledged and deleted.
    const stmt = db.prepare("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0) AS id");
    this.highest = () => (stmt.get() as { id: number }).id;
    this.committedUpTo = this.highest();
  }

  /** Wraps `outbox` (once) so its `next` stops at the last commit and appends are remembered. */
  watch(outbox: StationOutbox): StationOutbox {
    const next = outbox.next.bind(outbox);
    const append = outbox.append.bind(outbox);
    outbox.next = (afterId, limit) => next(afterId, limit).filter((r) => r.id <= this.committedUpTo);
    outbox.append = ((kind, fields, ts, jpeg) => {
      const record = append(kind, fields, ts, jpeg);
      this.appendedSince.add(outbox.stationId);
      return record;
    }) as StationOutbox['append'];
    return outbox;
  }

  /** Called right after a group commit, outside any transaction: everything written so far is durable. */
  committed(): void {
    this.committedUpTo = this.highest();
    const woken = [...this.appendedSince];
    this.appendedSince.clear();
    for (const id of woken) this.wake(id);
  }
}
