import { monotonicNow, type Clock } from './ports.ts';

interface Task {
  name: string;
  everyMs: number;
  nextAt: number;
  run: () => void;
}

/**
 * Periodic tasks of one agent core on ONE timer: it sleeps until the earliest task is due. A
 * simulator running ten thousand cores then holds ten thousand timers, not one per camera and
 * cadence. Tasks start their own async work and must not throw. Due times are kept on the
 * monotonic clock: a wall clock stepped back by NTP must not pause every task for the step.
 */
export class TaskScheduler {
  private readonly tasks = new Map<string, Task>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(private readonly clock: Clock) {}

  /** Adds or replaces a task; the first run is `firstInMs` from now. */
  every(name: string, everyMs: number, firstInMs: number, run: () => void): void {
    this.tasks.set(name, { name, everyMs, nextAt: monotonicNow(this.clock) + Math.max(0, firstInMs), run });
    this.arm();
  }

  remove(name: string): void {
    this.tasks.delete(name);
  }

  /** Runs a task now and restarts its period from now. */
  runNow(name: string): void {
    const task = this.tasks.get(name);
    if (!task) return;
    task.nextAt = monotonicNow(this.clock) + task.everyMs;
    task.run();
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private tick(): void {
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = monotonicNow(this.clock);
    for (const task of this.tasks.values()) {
      if (task.nextAt > now) continue;
      // Skip missed periods (a suspended laptop, a stalled event loop) instead of running them all.
      task.nextAt += Math.max(1, Math.ceil((now - task.nextAt + 1) / task.everyMs)) * task.everyMs;
      task.run();
    }
    this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    let next = Number.POSITIVE_INFINITY;
    for (const task of this.tasks.values()) next = Math.min(next, task.nextAt);
    if (next === Number.POSITIVE_INFINITY || next >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = setTimeout(() => this.tick(), Math.max(0, next - monotonicNow(this.clock)));
  }
}
