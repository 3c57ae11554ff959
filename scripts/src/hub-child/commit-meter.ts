import type { HubOptions } from '@camwatch/hub';

type OnCommitted = NonNullable<HubOptions['onCommitted']>;

/** What a metered hub pushes every 100 ms: camera-status rows stored so far and when. */
export interface CommitProgress {
  stored: number;
  /** When the hub received the first message counted (0: none yet). */
  firstReceiveAt: number;
  lastCommitAt: number;
  /** The hub process's CPU time (user + system, µs) from the last `reset` to its last commit: its cost per message. */
  cpuUs: number;
  /** Replayed camera-status messages committed so far (from an outbox after an outage), and when the last was. */
  replayCommitted: number;
  lastReplayCommitAt: number;
}

/** Figures of the measured window (from `measure` to `final`). */
export interface CommitFinal {
  p50Ms: number;
  p99Ms: number;
  rssMB: number;
  samples: number;
  /** The same latency for live messages only (`replay: false`): how fresh the map stays while a backlog drains. */
  liveP50Ms: number;
  liveP99Ms: number;
  liveSamples: number;
}

/**
 * A benchmark's view of a hub from inside its process: rows the batches really inserted (a
 * conflicting duplicate is committed but not stored again), the latency from each message's own
 * timestamp to its commit, and the process's peak RSS. It runs in the hub's process so neither
 * figure includes IPC.
 */
export class CommitMeter {
  private readonly latencies: number[] = [];
  private readonly liveLatencies: number[] = [];
  private replayCommitted = 0;
  private lastReplayCommitAt = 0;
  private stored = 0;
  private firstReceiveAt = 0;
  private lastCommitAt = 0;
  private cpuAtReset = process.cpuUsage();
  private cpuUs = 0;
  private measuring = false;
  private rssMax = 0;
  private readonly rssTimer = setInterval(() => (this.rssMax = Math.max(this.rssMax, process.memoryUsage.rss())), 100);

  /** The hub's `onCommitted` hook. */
  readonly onCommitted: OnCommitted = (outcome, items) => {
    const now = Date.now();
    this.stored += outcome.stored.cameraStatus ?? 0;
    for (const i of items) {
      if (i.kind !== 'cameraStatus') continue;
      if (!this.firstReceiveAt) this.firstReceiveAt = i.receivedAt;
      if (this.measuring) this.latencies.push(now - i.payload.ts);
      if (i.payload.replay) {
        this.replayCommitted++;
        this.lastReplayCommitAt = now;
      } else if (this.measuring) this.liveLatencies.push(now - i.payload.ts);
    }
    this.lastCommitAt = now;
    // Once per batch (one getrusage), not per message: taken at the commit so idle time after the last batch is not counted.
    const cpu = process.cpuUsage(this.cpuAtReset);
    this.cpuUs = cpu.user + cpu.system;
  };

  progress(): CommitProgress {
    return {
      stored: this.stored,
      firstReceiveAt: this.firstReceiveAt,
      lastCommitAt: this.lastCommitAt,
      replayCommitted: this.replayCommitted,
      lastReplayCommitAt: this.lastReplayCommitAt,
      cpuUs: this.cpuUs,
    };
  }

  /** Starts the measured window: latencies and peak RSS from now on. */
  measure(): void {
    this.measuring = true;
    this.latencies.length = 0;
    this.liveLatencies.length = 0;
    this.rssMax = 0;
  }

  /** Counts from zero again (a new phase). */
  reset(): void {
    this.stored = 0;
    this.firstReceiveAt = 0;
    this.cpuAtReset = process.cpuUsage();
    this.cpuUs = 0;
    this.replayCommitted = 0;
    this.lastReplayCommitAt = 0;
  }

  /** Ends the meter and returns the measured window's figures. */
  final(): CommitFinal {
    clearInterval(this.rssTimer);
    const quantiles = (values: number[]) => {
      const sorted = Float64Array.from(values).sort();
      return { q: (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN, n: sorted.length };
    };
    const all = quantiles(this.latencies);
    const live = quantiles(this.liveLatencies);
    return {
      p50Ms: all.q(0.5),
      p99Ms: all.q(0.99),
      rssMB: this.rssMax / 1048576,
      samples: all.n,
      liveP50Ms: live.q(0.5),
      liveP99Ms: live.q(0.99),
      liveSamples: live.n,
    };
  }
}
