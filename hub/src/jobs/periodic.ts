import type { Logger } from 'pino';

/** Runs `fn` every `everyMs` (never overlapping itself); errors are logged, the schedule goes on. */
export function every(everyMs: number, name: string, log: Logger, fn: () => Promise<unknown>): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = fn()
      .catch((err: unknown) => log.error({ err, job: name }, 'periodic job failed'))
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      if (running) await running;
    },
  };
}
