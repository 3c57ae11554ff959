/** Raised when a bounded operation ran out of time; `what` names the operation for the verdict detail. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
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

/**
 * A signal that fires when the parent fires or after `timeoutMs`, whichever comes first.
 * Not `AbortSignal.any([parent, AbortSignal.timeout(ms)])`: on Node 20 the composite holds its
 * sources weakly and the timeout signal's timer holds it weakly too, so under GC pressure the
 * timeout signal can be collected and never fire (seen: an ONVIF call to a hung camera waited
 * forever on a loaded test run). Here the timer's closure holds the controller strongly.
 */
export function boundedSignal(parent: AbortSignal, timeoutMs: number): AbortSignal {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return controller.signal;
  }
  const onParent = (): void => controller.abort(parent.reason);
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  // Like AbortSignal.timeout: a pending bound does not keep the process alive.
  timer.unref();
  parent.addEventListener('abort', onParent, { once: true });
  controller.signal.addEventListener(
    'abort',
    () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParent);
    },
    { once: true },
  );
  return controller.signal;
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
