import { useEffect, useRef, useState } from 'react';
import { useFleet } from '../app/fleet-context.tsx';

/**
 * A number that changes after live events (status changes or alerts), at most once per
 * `minGapMs`: lists use it as a reload key so they follow the fleet without hammering the API.
 */
export function useLiveTick(minGapMs = 3000): number {
  const { store, lastAlert } = useFleet();
  const [tick, setTick] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const bump = useRef(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      setTick((n) => n + 1);
    }, minGapMs);
  });
  useEffect(() => (store ? store.subscribe(bump.current) : undefined), [store]);
  useEffect(() => {
    if (lastAlert) bump.current();
  }, [lastAlert]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return tick;
}
