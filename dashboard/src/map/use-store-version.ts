import { useSyncExternalStore } from 'react';
import type { MapStore } from './map-store.ts';

/** Re-renders the caller when live events patch the store (the store is mutated in place). */
export function useStoreVersion(store: MapStore | null): number {
  return useSyncExternalStore(
    (listener) => (store ? store.subscribe(listener) : () => undefined),
    () => store?.version ?? -1,
  );
}
