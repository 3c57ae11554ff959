import type { Logger } from 'pino';
import { monotonicNow, type Clock } from '../core/ports.ts';
import type { OutboxRecord } from '../outbox/outbox-types.ts';
import type { StationOutbox } from '../outbox/station-outbox.ts';
import { encodeRecord, topicForRecord } from './record-encoding.ts';
import { ReplayWindow } from './replay-window.ts';
import { TokenBucket } from '@camwatch/config';

export interface RecordPublisher {
  readonly connected: boolean;
  publish(topic: string, body: Buffer, retain: boolean, done: (err?: Error) => void): void;
}

export interface PumpStats {
  sentLive: number;
  sentReplay: number;
  acked: number;
  publishErrors: number;
  inflight: number;
  /** Replayed messages allowed in flight now (adapts to PUBACK round trips). */
  replayWindow: number;
}

/** Share of `inflightMax` kept free of replays so a live message never waits for room behind the backlog. */
const LIVE_RESERVE_SHARE = 0.25;

/**
 * Moves records from the outbox to the broker with at most `inflightMax` unacknowledged. A record
 * appended while connected is live and goes out at once, ahead of any backlog; everything else
 * (written during an outage, left by an earlier run, or lost in flight with a connection) is
 * replayed oldest first behind it, at most `replayWindow` in flight (grown while PUBACKs come back
 * promptly, halved when they slow: see ReplayWindow) and at most `replayMaxMsgsPerSec`. A quarter
 * of the in-flight room is kept for live records, so a draining backlog never holds them back.
 * A record leaves the outbox only on PUBACK. A publish that fails while the connection stays up is
 * retried by itself after a pause (`retryDelayMs`): the cursor never moves back over records still
 * in flight, which would send them twice.
 *
 * `liveFirst: false` is the pump as it was (one queue in id order, live records behind the backlog,
 * a fixed window): the baseline `pnpm bench replay` measures against.
 */
export class OutboxPump {
  /** Highest id sent from the backlog on this connection (live records are skipped, not sent, by it). */
  private cursor = 0;
  private inflight = 0;
  private replayInflight = 0;
  private generation = 0;
  /** Live records not acknowledged yet (queued, in flight or waiting for a retry): never sent as replays. */
  private readonly liveIds = new Set<number>();
  /**
   * Live records are read back through `outbox.next` like replays (a host may hold back records it
   * has not committed yet: the fleet simulator does), from just below the first one of this connection.
   */
  private liveCursor: number | null = null;
  /** Live records appended and not sent yet: the live lane is read only when some wait. */
  private liveUnsent = 0;
  private readonly window: ReplayWindow;
  private readonly liveFirst: boolean;
  private bucket: TokenBucket;
  private wakeTimer: NodeJS.Timeout | null = null;
  private pumping = false;
  /** Records whose publish failed on a live connection, oldest first; still marked in flight (not thinnable). */
  private readonly retry: OutboxRecord[] = [];
  private readonly counters = { sentLive: 0, sentReplay: 0, acked: 0, publishErrors: 0 };
  /** Round trips (publish → PUBACK) of live messages since the last `takeLatency()`. */
  private minRttMs: number | null = null;

  constructor(
    private readonly outbox: StationOutbox,
    private readonly publisher: RecordPublisher,
    private readonly opts: {
      stationId: string;
      inflightMax: number;
      replayMaxMsgsPerSec: number;
      clock: Clock;
      logger: Logger;
      /** Pause before a failed publish is retried (default 1 s). */
      retryDelayMs?: number;
      /** Live records ahead of the backlog (default); false: one queue in id order, as before (benchmark baseline). */
      liveFirst?: boolean;
      /** Slack over twice the best round trip before a replay's PUBACK counts as slow (default 500 ms). */
      replaySlackMs?: number;
    },
  ) {
    this.bucket = new TokenBucket(opts.replayMaxMsgsPerSec, opts.replayMaxMsgsPerSec, monotonicNow(opts.clock));
    this.liveFirst = opts.liveFirst ?? true;
    const reserve = this.liveFirst ? Math.max(1, Math.floor(opts.inflightMax * LIVE_RESERVE_SHARE)) : 0;
    const max = Math.max(1, opts.inflightMax - reserve);
    this.window = new ReplayWindow({ min: 1, max, slackMs: opts.replaySlackMs ?? 500 });
  }

  /** A reloaded configuration changed the replay rate. */
  setReplayRate(perSec: number): void {
    this.bucket = new TokenBucket(perSec, perSec, monotonicNow(this.opts.clock));
  }

  /** A record was just committed to the outbox. */
  appended(record: OutboxRecord): void {
    if (this.publisher.connected) {
      this.liveIds.add(record.id);
      if (this.liveFirst) {
        this.liveCursor ??= record.id - 1;
        this.liveUnsent++;
      }
    }
    this.pump();
  }

  connected(): void {
    this.reset();
    this.pump();
  }

  /** Whatever was in flight is pending again and will be replayed after the next connect. */
  disconnected(): void {
    this.reset();
  }

  stop(): void {
    this.reset();
  }

  stats(): PumpStats {
    return { ...this.counters, inflight: this.inflight, replayWindow: this.liveFirst ? this.window.size : this.opts.inflightMax };
  }

  takeLatency(): number | null {
    const rtt = this.minRttMs;
    this.minRttMs = null;
    return rtt;
  }

  private reset(): void {
    this.generation++;
    this.cursor = 0;
    this.inflight = 0;
    this.replayInflight = 0;
    this.liveIds.clear();
    this.liveCursor = null;
    this.liveUnsent = 0;
    this.window.reset();
    this.retry.length = 0;
    this.outbox.clearInflight();
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  pump(): void {
    if (this.pumping || !this.publisher.connected) return;
    this.pumping = true;
    try {
      while (this.publisher.connected && this.inflight < this.opts.inflightMax) {
        // A paused pump (empty token bucket, retry pause) still lets live records through.
        if (this.liveUnsent > 0 && this.sendLive()) continue;
        if (this.wakeTimer) return;
        const again = this.retry.shift();
        if (again) {
          if (this.send(again)) continue;
          this.retry.unshift(again);
          return;
        }
        const room = this.liveFirst ? this.window.size - this.replayInflight : this.opts.inflightMax - this.inflight;
        if (room <= 0) return;
        const batch = this.outbox.next(this.cursor, Math.min(room, this.opts.inflightMax - this.inflight));
        if (batch.length === 0) return;
        for (const record of batch) {
          // With live first, a live record is the live queue's to send (or in flight): skip it here.
          if (this.liveFirst && this.liveIds.has(record.id)) {
            this.cursor = Math.max(this.cursor, record.id);
            continue;
          }
          if (!this.send(record)) return;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Sends the live records that are ready, oldest first; false when none was. */
  private sendLive(): boolean {
    const from = this.liveCursor ?? 0;
    const batch = this.outbox.next(from, this.opts.inflightMax - this.inflight);
    // When the replay lane has read everything up to where this read began, the records read here
    // are the next ones it would read, only to skip them as live: its cursor follows them instead
    // (up to the first record that is not live, which stays the replay lane's). That read was half
    // the outbox reads of a connected station (one per message) for nothing.
    let replayFollows = this.cursor >= from;
    let sent = false;
    for (const record of batch) {
      this.liveCursor = record.id;
      // Only records appended on this connection follow the first live one; anything else is the replay lane's.
      if (!this.liveIds.has(record.id)) {
        replayFollows = false;
        continue;
      }
      this.liveUnsent--;
      this.send(record);
      // Never backwards: the replay lane may already have skipped past these live records itself.
      if (replayFollows) this.cursor = Math.max(this.cursor, record.id);
      sent = true;
    }
    return sent;
  }

  /** Sleeps the pump for `ms` (nothing is sent meanwhile), then pumps again. */
  private wakeAfter(ms: number): void {
    if (this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.pump();
    }, ms);
  }

  /** False when the token bucket is empty: the pump sleeps until the next token. */
  private send(record: OutboxRecord): boolean {
    const replay = !this.liveIds.has(record.id);
    const now = monotonicNow(this.opts.clock);
    if (replay && !this.bucket.take(now)) {
      this.wakeAfter(this.bucket.waitMs(now));
      return false;
    }
    if (replay || !this.liveFirst) this.cursor = Math.max(this.cursor, record.id);
    this.inflight++;
    if (replay) this.replayInflight++;
    this.outbox.markInflight(record.id);
    if (replay) this.counters.sentReplay++;
    else this.counters.sentLive++;
    const generation = this.generation;
    const sentAt = now;
    let topic: string;
    let body: Buffer;
    try {
      topic = topicForRecord(this.opts.stationId, record);
      body = encodeRecord(record, replay);
    } catch (err) {
      // A record that cannot be encoded would block the queue for ever: log it and let it go.
      this.opts.logger.error({ err: (err as Error).message, seq: record.seq, kind: record.kind }, 'dropping an unencodable outbox record');
      this.inflight--;
      if (replay) this.replayInflight--;
      this.liveIds.delete(record.id);
      this.outbox.ack(record.id);
      return true;
    }
    this.publisher.publish(topic, body, false, (err) => {
      if (generation !== this.generation) return;
      this.inflight--;
      if (replay) this.replayInflight--;
      if (err) {
        this.counters.publishErrors++;
        if (replay) this.window.failed(sentAt, monotonicNow(this.opts.clock));
        this.opts.logger.warn({ err: err.message, seq: record.seq }, 'publish failed; record stays in the outbox and is retried');
        this.retry.push(record);
        this.retry.sort((a, b) => a.id - b.id);
        this.wakeAfter(this.opts.retryDelayMs ?? 1_000);
        return;
      }
      this.counters.acked++;
      const ackedAt = monotonicNow(this.opts.clock);
      if (replay) this.window.acked(sentAt, ackedAt);
      else {
        const rtt = ackedAt - sentAt;
        this.minRttMs = this.minRttMs === null ? rtt : Math.min(this.minRttMs, rtt);
      }
      this.liveIds.delete(record.id);
      this.outbox.ack(record.id);
      this.pump();
    });
    return true;
  }
}
