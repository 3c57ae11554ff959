/** Runs at most `limit` tasks at once, the rest wait in FIFO order (ffmpeg on a small box is the expensive part). */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private limit: number) {}

  /** A reloaded configuration changed the limit; waiting tasks start at once if it grew. */
  setLimit(limit: number): void {
    this.limit = limit;
    for (let free = limit - this.running; free > 0 && this.waiting.length > 0; free--) this.waiting.shift()!();
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  get queued(): number {
    return this.waiting.length;
  }
}

export class CheckTimeoutError extends Error {
  override readonly name = 'CheckTimeoutError';
}

/**
 * Runs `task` with an AbortSignal that fires after `timeoutMs` or when `parent` aborts, and
 * rejects with CheckTimeoutError at the deadline even if the task ignores its signal.
 */
export async function withDeadline<T>(parent: AbortSignal, timeoutMs: number, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const err = new CheckTimeoutError(`check timed out after ${timeoutMs} ms`);
      controller.abort(err);
      reject(err);
    }, timeoutMs);
  });
  try {
    return await Promise.race([task(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onParentAbort);
  }
}
