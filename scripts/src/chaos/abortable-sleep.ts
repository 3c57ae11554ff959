export class ChaosAborted extends Error {
  override readonly name = 'ChaosAborted';
}

/** One switch for the whole run: Ctrl-C ends every wait at once, so the run's `finally` cleans up. */
export const chaosAbort = new AbortController();

/** Waits `ms`, or rejects as soon as the run is aborted. */
export function sleep(ms: number, signal: AbortSignal = chaosAbort.signal): Promise<void> {
  if (signal.aborted) return Promise.reject(new ChaosAborted('chaos run aborted'));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ChaosAborted('chaos run aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
