import { useCallback, useEffect, useState } from 'react';

export type AsyncState<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; value: T };

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
      (error: unknown) => current && setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; `deps` say when it really changed.
  }, [...deps, tick]);
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  return [state, refresh];
}
