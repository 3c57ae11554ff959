/** Granularity of the start-up: stations due within the same step are booted together. */
const STEP_MS = 50;
/** A step this late means the process is overloaded: boot nothing in it, let the load settle. */
const LATE_MS = 250;

export interface StaggeredStart {
  /** Resolves when every item has been started (or the start-up was cancelled). */
  done: Promise<void>;
  cancel(): void;
}

/**
 * Calls `start` for each item, spread evenly over `spreadMs`, so thousands of stations do not
 * connect to the broker in the same second. The pace is a fixed number per step, never a catch-up:
 * after a stall (a busy machine) the start-up slows down instead of booting a burst, which would
 * stall the process further and make connections time out.
 */
export function startStaggered(
  items: readonly string[],
  spreadMs: number,
  start: (item: string) => void,
  now: () => number = () => performance.now(),
): StaggeredStart {
  let next = 0;
  let timer: NodeJS.Timeout | null = null;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const perStep = spreadMs <= 0 ? items.length : Math.max(1, Math.ceil((items.length * STEP_MS) / spreadMs));
  let expectedAt = now();
  const step = () => {
    timer = null;
    const late = now() - expectedAt > LATE_MS;
    if (!late) for (const end = Math.min(items.length, next + perStep); next < end;) start(items[next++]!);
    if (next >= items.length) {
      finish();
      return;
    }
    expectedAt = now() + STEP_MS;
    timer = setTimeout(step, STEP_MS);
  };
  step();
  return {
    done,
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      finish();
    },
  };
}
