import { expect, it } from 'vitest';
import { StationRateLimiter } from '../src/ingest/station-rate-limiter.ts';

it('lets a burst through, then the sustained rate, per station', () => {
  const limiter = new StationRateLimiter(10, 5);
  const t0 = 1_000_000;
  const burst = Array.from({ length: 8 }, () => limiter.take('A', t0));
  expect(burst.filter(Boolean)).toHaveLength(5);
  expect(limiter.take('B', t0)).toBe(true); // another station has its own budget
  expect(limiter.take('A', t0 + 100)).toBe(true); // 100 ms at 10/s refills one
  expect(limiter.take('A', t0 + 100)).toBe(false);
  expect(Array.from({ length: 20 }, () => limiter.take('A', t0 + 10_000)).filter(Boolean)).toHaveLength(5); // never above the burst
});
