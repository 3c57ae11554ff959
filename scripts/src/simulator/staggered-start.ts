/** Granularity of the start-up: stations due within the same step are booted together. */
const STEP_MS = 50;
/**
 * A step this late means the process is stalled (keepalives and CONNACKs at risk): boot nothing in
 * it, let the load settle. It was 250 ms, and on a busy machine (load 12 on 2 cores) the work that a
 * step's boots bring (connects, births, first probes) delayed nearly every next step by that much
 * while the simulator used 10 % of a core: 20,000 cameras booted at 8 stations/s instead of 330/s,
 * 100,000 had 15,173 of 39,505 stations connected after 4 minutes. A moderately late step boots its
 * usual share: the pace then follows the steps the process manages, which is the slowdown wanted.
 */
const STALL_MS = 2_000;

export interface StaggeredStart {
  /** Resolves when every item has been started (or the start-up was cancelled). */
  done: Promise<void>;
  cancel(): void;
}

/**
 * Feedback from what was started: how many are still waiting for their broker's answer (CONNACK).
 * Starting is held while `waiting()` is at `max`, so the start-up goes as fast as brokers, hubs and
 * this process answer, and no faster.
 */
export interface StartWindow {
  waiting: () => number;
  max: number;
}

/**
 * Calls `start` for each item, at most evenly spread over `spreadMs` (0: no pace of its own), so
 * thousands of stations do not connect to the broker in the same second. The pace is a fixed number
 * per step, never a catch-up: steps that come late (a busy machine) slow the start-up down instead
 * of booting a burst, and a step after a stall boots nothing, since a burst then would stall the
 * process further and make connections time out. With a `window`, a step boots only as many as
 * leave at most `window.max` waiting for their connection.
 */
export function startStaggered(
  items: readonly string[],
  spreadMs: number,
  start: (item: string) => void,
  now: () => number = () => performance.now(),
  window?: StartWindow,
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
    const stalled = now() - expectedAt > STALL_MS;
    const room = window ? Math.max(0, window.max - window.waiting()) : perStep;
    if (!stalled) for (const end = Math.min(items.length, next + Math.min(perStep, room)); next < end;) start(items[next++]!);
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
