import type { Logger } from 'pino';
import type { AckSettler } from '../mqtt/puback-queue.ts';
import type { IngestItem } from './ingest-types.ts';

export interface BatcherOptions {
  /** Messages per batch, per lane. */
  maxRows: number;
  maxDelayMs: number;
  /** Lanes (default 2): a station's messages always go to the same lane, one batch in flight per lane. */
  concurrency?: number;
  /** Backoff between retries of a batch that failed for a transient reason (database down). */
  retryMinMs?: number;
  retryMaxMs?: number;
  /**
   * Live messages ahead of replayed ones (default): within a lane, a batch takes every live message
   * waiting before any replay. False: one queue in receive order, as before (`pnpm bench replay`'s baseline).
   */
  liveFirst?: boolean;
}

// Two, as many as this 2-core box has: measured at 10,000 msg/s, four lanes cost ~35 % more CPU per message (hub and PostgreSQL) for no gain.
export const DEFAULT_LANES = 2;

interface Entry {
  item: IngestItem;
  /** Told `settle(ticket)` once every earlier entry has settled, or `release(ticket)` when abandoned. */
  to: AckSettler;
  ticket: number;
  /** Written (or dropped as poison, or abandoned at shutdown): may settle once every earlier entry has. */
  done: boolean;
  /** Abandoned at shutdown: released, never settled, so its message stays unacknowledged and is redelivered. */
  abandoned: boolean;
}

interface Lane {
  /** Live messages (births and states included), in receive order; every message when not live-first. */
  live: Entry[];
  /** Replayed messages (sent from an outbox after an outage), in receive order. */
  replay: Entry[];
  timer: NodeJS.Timeout | null;
  busy: boolean;
}

const queuedIn = (lane: Lane) => lane.live.length + lane.replay.length;

/** Sent from a station's outbox after an outage (births and states are session messages: always live). */
export function isReplayed(item: IngestItem): boolean {
  switch (item.kind) {
    case 'birth':
    case 'state':
      return false;
    case 'snapshot':
      return item.payload.meta.replay;
    default:
      return item.payload.replay;
  }
}

/**
 * Messages of node-postgres and its pool for a connection lost or not had, which carry no `code`.
 * Anything not recognised as transient is treated as the batch's own fault (bisected, the bad
 * message dropped and counted): retrying an unknown error for ever once stopped all ingest.
 */
const TRANSIENT_MESSAGES = [
  'Connection terminated', // unexpectedly / due to connection timeout: the server went away mid-query
  'is not queryable', // a client that lost its connection (connection error, closed)
  'timeout exceeded when trying to connect', // pool: no connection to be had
  'Cannot use a pool after calling end', // shutdown: stop() abandons the batch, it is redelivered
  'Query read timeout',
];

/**
 * Known-transient failures only: PostgreSQL's connection, resource, operator-intervention,
 * system and serialization classes, a lock not available, node socket errors, and node-postgres'
 * connection messages. A data error (class 22, 23), a bug (RangeError, TypeError) or anything
 * unknown is not: retrying would never succeed and would hold every later acknowledgement.
 */
export function isTransient(err: unknown): boolean {
  if (err instanceof AggregateError) return err.errors.length > 0 && err.errors.every(isTransient); // net's happy-eyeballs connect
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^(08|53|57|58|40)/.test(code) || code === '55P03') return true;
    if (/^E[A-Z]+$/.test(code)) return true; // node socket errors: ECONNREFUSED, ECONNRESET, ...
    return false;
  }
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && TRANSIENT_MESSAGES.some((m) => message.includes(m));
}

/** The lane of a station (FNV-1a): the same in every hub, so lane k of one hub only meets lane k of another on a station lock. */
export function laneOf(stationId: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < stationId.length; i++) h = Math.imul(h ^ stationId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}

/**
 * Collects validated messages and writes them in batches (by size or after a short delay).
 *
 * Messages are split into lanes by station: one writer per station within a hub. Lanes write in
 * parallel and never wait for each other on a station lock (their stations are disjoint), and a
 * station's batches commit in receive order. Across hubs the station locks taken by the writer
 * still serialise status work per station. Messages settle (and so are acknowledged) strictly in
 * receive order, whatever lane committed first, as MQTT wants PUBACKs in PUBLISH order.
 *
 * Each lane has two queues: live messages and replayed ones. A batch takes the live ones first and
 * fills up with replays, so a province's worth of backlog arriving at once cannot hold the map's
 * live data back by more than the batch being written: a live message waits for at most that one
 * and its own. Replays of a station may then commit after its later live messages; the writer is
 * built for that (idempotent by (station, boot, seq), status intervals placed by sample time).
 *
 * A batch that fails transiently is retried until it commits (acks wait, the broker holds the
 * rest); one that fails on its data is split until the offending message is isolated and dropped
 * (`onPoison`).
 */
export class IngestBatcher {
  private readonly lanes: Lane[];
  /** Every entry not settled yet, in receive order. */
  private order: Entry[] = [];
  private head = 0;
  private idle: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly write: (items: IngestItem[]) => Promise<void>,
    private readonly opts: BatcherOptions,
    private readonly log: Logger,
    private readonly onPoison: (item: IngestItem, err: unknown) => void,
  ) {
    this.lanes = Array.from({ length: Math.max(1, opts.concurrency ?? DEFAULT_LANES) }, () => ({
      live: [],
      replay: [],
      timer: null,
      busy: false,
    }));
    this.liveFirst = opts.liveFirst ?? true;
  }

  private readonly liveFirst: boolean;

  get queued(): number {
    return this.lanes.reduce((n, l) => n + queuedIn(l), 0);
  }

  /** Receive time of the oldest message not settled yet (committed, dropped or abandoned); null when none waits. */
  get oldestUnsettledAt(): number | null {
    return this.order[this.head]?.item.receivedAt ?? null;
  }

  /** Resolves once the item is committed (or dropped as poison); never when abandoned at shutdown. */
  submit(item: IngestItem): Promise<void> {
    return new Promise((resolve) => this.enqueue(item, 0, { settle: () => resolve(), release: () => undefined }));
  }

  /**
   * The hot path, without a promise per message: `to.settle(ticket)` once the item is committed (or
   * dropped as poison) and every item submitted before it has settled, `to.release(ticket)` if abandoned.
   */
  enqueue(item: IngestItem, ticket: number, to: AckSettler): void {
    const entry: Entry = { item, to, ticket, done: false, abandoned: false };
    this.order.push(entry);
    const lane = this.lanes[laneOf(item.stationId, this.lanes.length)]!;
    (this.liveFirst && isReplayed(item) ? lane.replay : lane.live).push(entry);
    if (queuedIn(lane) >= this.opts.maxRows) this.kick(lane);
    else lane.timer ??= setTimeout(() => this.kick(lane), this.opts.maxDelayMs);
  }

  private kick(lane: Lane): void {
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = null;
    if (lane.busy || queuedIn(lane) === 0) return;
    const batch = lane.live.splice(0, this.opts.maxRows);
    if (batch.length < this.opts.maxRows) batch.push(...lane.replay.splice(0, this.opts.maxRows - batch.length));
    lane.busy = true;
    this.writeWithRetry(batch)
      .catch((err: unknown) => {
        // Only at shutdown: its messages stay unacknowledged and the broker redelivers them.
        this.log.error({ err, rows: batch.length }, 'batch abandoned; its messages stay unacknowledged');
        for (const e of batch) e.abandoned = true;
      })
      .finally(() => {
        for (const e of batch) e.done = true;
        this.settleInOrder();
        lane.busy = false;
        // What arrived meanwhile goes when a batch is full, its oldest message has waited maxDelayMs (no timer
        // left) or a flush waits; else on the lane's timer. Writing back to back instead makes batches of a
        // few hundred rows at 10,000 msg/s, and costs ~35 % more CPU per message in the hub and PostgreSQL.
        const waiting = queuedIn(lane);
        if (waiting >= this.opts.maxRows || this.idle.length || (waiting && !lane.timer)) this.kick(lane);
        if (!this.lanes.some((l) => l.busy || queuedIn(l))) for (const wake of this.idle.splice(0)) wake();
      });
  }

  private settleInOrder(): void {
    while (this.head < this.order.length && this.order[this.head]!.done) {
      const e = this.order[this.head++]!;
      if (e.abandoned) e.to.release(e.ticket);
      else e.to.settle(e.ticket);
    }
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }

  private async writeWithRetry(batch: Entry[]): Promise<void> {
    let delay = this.opts.retryMinMs ?? 200;
    for (;;) {
      try {
        await this.write(batch.map((e) => e.item));
        return;
      } catch (err) {
        if (!isTransient(err)) return this.bisect(batch, err);
        if (this.stopped) throw err;
        this.log.error({ err, rows: batch.length, retryInMs: delay }, 'batch write failed, retrying');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, this.opts.retryMaxMs ?? 10_000);
      }
    }
  }

  private async bisect(batch: Entry[], err: unknown): Promise<void> {
    if (batch.length === 1) {
      this.onPoison(batch[0]!.item, err);
      return;
    }
    const mid = batch.length >> 1;
    await this.writeWithRetry(batch.slice(0, mid));
    await this.writeWithRetry(batch.slice(mid));
  }

  /** Writes whatever is queued and waits until every batch is written and settled. */
  async flush(): Promise<void> {
    for (const lane of this.lanes) this.kick(lane);
    if (this.lanes.some((l) => l.busy || queuedIn(l))) await new Promise<void>((r) => this.idle.push(r));
  }

  /** Final flush; a write still failing after that is abandoned (unacknowledged messages are redelivered). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.flush();
  }
}
