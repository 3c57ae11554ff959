import { describe, expect, it } from 'vitest';
import { largestRemainder, spreadCounts, weightedSample } from '../src/fleet/allocate.ts';
import { createRng } from '../src/fleet/prng.ts';

describe('fleet allocation helpers', () => {
  it('splits a total exactly, in proportion, with a floor', () => {
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(10, [3, 1], 2)).toEqual([7, 3]);
    expect(largestRemainder(7, [0, 0], 1)).toEqual([4, 3]);
    expect(() => largestRemainder(1, [1, 1], 1)).toThrow();
  });

  it('spreads counts within bounds and to the exact total', () => {
    const counts = spreadCounts(670, 1696, 4, createRng(1));
    expect(counts.reduce((s, x) => s + x, 0)).toBe(1696);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...counts)).toBeLessThanOrEqual(4);
    expect(() => spreadCounts(2, 9, 4, createRng(1))).toThrow();
  });

  it('always keeps forced items and picks heavy items more often', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    let heavy = 0;
    for (let seed = 0; seed < 50; seed++) {
      const chosen = weightedSample(
        items,
        (i) => (i < 50 ? 5 : 1),
        20,
        createRng(seed),
        (i) => i === 99,
      );
      expect(chosen.size).toBe(20);
      expect(chosen.has(99)).toBe(true);
      heavy += [...chosen].filter((i) => i < 50).length;
    }
    expect(heavy / 50).toBeGreaterThan(14);
  });

  it('draws the same stream for the same seed and a different one otherwise', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(1)).not.toEqual(draw(2));
    expect(createRng(9).fork('a').next()).not.toBe(createRng(9).fork('b').next());
  });
});
