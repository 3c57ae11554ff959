/** Granularity of the start-up: stations due within the same step are booted together. */
const STEP_MS = 50;

export interface StaggeredStart {
  /** Resolves when every item has been started (or the start-up was cancelled). */
  done: Promise<void>;
  cancel(): void;
}

/**
 * Calls `start` for each item, spread evenly over `spreadMs`, so thousands of stations do not
 * connect to the broker in the same second.
 */
export function startStaggered(items: readonly string[], spreadMs: number, start: (item: string) => void): StaggeredStart {
  let next = 0;
  let timer: NodeJS.Timeout | null = null;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const began = Date.now();
  const step = () => {
    timer = null;
    const elapsed = Date.now() - began;
    const due = spreadMs <= 0 ? items.length : Math.min(items.length, Math.floor(((elapsed + STEP_MS) / spreadMs) * items.length));
    while (next < due) start(items[next++]!);
    if (next >= items.length) finish();
    else timer = setTimeout(step, STEP_MS);
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
