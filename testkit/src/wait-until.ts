/**
 * Polls `check` until it holds: tests against real brokers, databases and processes wait for an
 * observable state instead of sleeping a fixed time. The one polling helper of every package's tests.
 */
export interface WaitUntilOptions {
  /** Names the awaited state in the timeout error. */
  what?: string;
  timeoutMs?: number;
  /** Pause between checks. */
  everyMs?: number;
  /** Extra text for the timeout error, read only on timeout (e.g. a child process's output so far). */
  detail?: () => string;
}

export async function waitUntil(check: () => boolean | Promise<boolean>, opts: WaitUntilOptions = {}): Promise<void> {
  const { what = 'condition', timeoutMs = 15_000, everyMs = 50, detail } = opts;
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const extra = detail ? `\n${detail()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${extra}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
