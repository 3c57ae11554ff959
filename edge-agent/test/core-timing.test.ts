import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaskScheduler } from '../src/core/task-scheduler.ts';
import { ConcurrencyLimiter, CheckTimeoutError, withDeadline } from '../src/core/concurrency-limiter.ts';
import { reconnectDelayMs } from '../src/mqtt/backoff.ts';
import { TokenBucket } from '@camwatch/config';
import { DailyByteCounter } from '../src/mqtt/daily-byte-counter.ts';

afterEach(() => vi.useRealTimers());

describe('timing building blocks', () => {
  it('reconnect delays grow exponentially up to the cap, with full jitter above a floor', () => {
    expect([0, 1, 2, 3, 10].map((a) => reconnectDelayMs(a, 1000, 60_000, () => 0.999999))).toEqual([999, 1999, 3999, 7999, 59_999]);
    expect([0, 3, 10].map((a) => reconnectDelayMs(a, 1000, 60_000, () => 0))).toEqual([500, 500, 500]);
    const spread = new Set(Array.from({ length: 50 }, () => reconnectDelayMs(8, 1000, 60_000)));
    expect(spread.size).toBeGreaterThan(40);
  });

  it('the replay token bucket allows a burst of one second, then the configured rate', () => {
    const bucket = new TokenBucket(20, 20, 0);
    let sent = 0;
    while (bucket.take(0)) sent++;
    expect(sent).toBe(20);
    expect(bucket.waitMs(0)).toBe(50);
    let later = 0;
    for (let t = 50; t <= 10_000; t += 50) while (bucket.take(t)) later++;
    expect(later).toBe(200); // 20 per second over 10 s
  });

  it('one timer drives every task of a core, skipping missed periods instead of bunching them', () => {
    vi.useFakeTimers();
    const clock = { now: () => Date.now(), monotonic: () => performance.now() };
    const scheduler = new TaskScheduler(clock);
    const runs: string[] = [];
    scheduler.every('fast', 1000, 0, () => runs.push('fast'));
    scheduler.every('slow', 5000, 2500, () => runs.push('slow'));
    vi.advanceTimersByTime(5000);
    expect(runs.filter((r) => r === 'fast')).toHaveLength(6);
    expect(runs.filter((r) => r === 'slow')).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(1);
    scheduler.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps every cadence when the wall clock steps back an hour (NTP after a power cut)', () => {
    vi.useFakeTimers();
    let stepMs = 0;
    // Wall time steps; the monotonic reading (faked by vitest alongside setTimeout) does not.
    const clock = { now: () => Date.now() - stepMs, monotonic: () => performance.now() };
    const scheduler = new TaskScheduler(clock);
    const runs = { health: 0, probe: 0, snapshot: 0 };
    scheduler.every('health', 60_000, 1_000, () => runs.health++);
    scheduler.every('probe', 30_000, 500, () => runs.probe++);
    scheduler.every('snapshot', 300_000, 20_000, () => runs.snapshot++);
    vi.advanceTimersByTime(300_000);
    expect(runs).toEqual({ health: 5, probe: 10, snapshot: 1 });
    stepMs = 3_600_000;
    vi.advanceTimersByTime(600_000);
    expect(runs).toEqual({ health: 15, probe: 30, snapshot: 3 });
    scheduler.stop();
  });

  it('limits concurrent checks and bounds each with a deadline that aborts its signal', async () => {
    const limiter = new ConcurrencyLimiter(2);
    let running = 0;
    let peak = 0;
    const task = () =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 10));
        running--;
      });
    await Promise.all([task(), task(), task(), task(), task()]);
    expect(peak).toBe(2);
    let aborted = false;
    const hung = withDeadline(
      new AbortController().signal,
      30,
      (signal) => new Promise<void>(() => signal.addEventListener('abort', () => (aborted = true))),
    );
    await expect(hung).rejects.toBeInstanceOf(CheckTimeoutError);
    expect(aborted).toBe(true);
  });

  it('counts bytes per local day (Asia/Ho_Chi_Minh) and keeps today’s count across a restart', () => {
    const beforeMidnight = Date.parse('2025-03-01T16:59:00Z'); // 23:59 in Viet Nam
    const counter = new DailyByteCounter({ day: 0, bytes: 0 }, beforeMidnight);
    counter.add(1000, beforeMidnight);
    const saved = counter.today(beforeMidnight);
    expect(new DailyByteCounter(saved, beforeMidnight + 30_000).today(beforeMidnight + 30_000).bytes).toBe(1000);
    counter.add(10, beforeMidnight + 120_000); // 00:01 the next day
    expect(counter.today(beforeMidnight + 120_000).bytes).toBe(10);
    expect(counter.total).toBe(1010);
  });
});
