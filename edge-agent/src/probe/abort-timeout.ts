/** Raised when a bounded operation ran out of time; `what` names the operation for the verdict detail. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly what: string, readonly timeoutMs: number) {
    super(`${what}: no answer within ${timeoutMs} ms`);
  }
}

/** Raised when the caller (scheduler shutdown, config reload) cancelled the work. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(what: string) {
    super(`${what}: cancelled`);
  }
}

/** A signal that fires when the parent fires or after `timeoutMs`, whichever comes first. */
export function boundedSignal(parent: AbortSignal, timeoutMs: number): AbortSignal {
  return AbortSignal.any([parent, AbortSignal.timeout(timeoutMs)]);
}

/** The error to report for an aborted signal: a timeout when the timer fired, else a cancellation. */
export function abortError(signal: AbortSignal, what: string, timeoutMs: number): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') return new TimeoutError(what, timeoutMs);
  return new CancelledError(what);
}

/**
 * Settles with `work` unless `signal` fires first. Libraries without cancellation (node-onvif)
 * keep running in the background until their own socket timeouts; we stop waiting for them.
 */
export function raceSignal<T>(work: Promise<T>, signal: AbortSignal, what: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal, what, timeoutMs));
    // Attached before any early return, so a late failure of `work` settles this (already settled) promise instead of going unhandled.
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Message of anything thrown, for details and logs. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
