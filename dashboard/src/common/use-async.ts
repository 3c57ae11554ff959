import { useCallback, useEffect, useState } from 'react';

/** `error` is kept whole: the view words it in the user's language (describeError), not the server's. */
export type AsyncState<T> = { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; value: T };

/**
 * Runs `load` whenever `deps` change; stale answers (from earlier deps) are dropped.
 * `refresh` reruns it, e.g. after a live event or an acknowledge.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ kind: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setState({ kind: 'ready', value }),
      (error: unknown) => current && setState({ kind: 'error', error }),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; `deps` say when it really changed.
  }, [...deps, tick]);
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  return [state, refresh];
}
