import type { Rng } from './prng.ts';

/**
 * Splits `total` into integer shares proportional to `weights` (largest remainder / Hamilton),
 * each share at least `min`. Ties go to the lower index, so the result is deterministic.
 */
export function largestRemainder(total: number, weights: readonly number[], min = 0): number[] {
  const n = weights.length;
  if (n === 0) {
    if (total !== 0) throw new Error(`cannot split ${total} into no parts`);
    return [];
  }
  const free = total - min * n;
  if (free < 0) throw new Error(`cannot give ${n} parts at least ${min} out of ${total}`);
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (sum > 0 ? (free * w) / sum : free / n));
  const shares = exact.map((x) => Math.floor(x));
  let left = free - shares.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
  }
  return shares.map((s) => s + min);
}

/**
 * Weighted sampling without replacement (Efraimidis–Spirakis): each item gets the key
 * u^(1/w) and the `count` largest keys win. `forced` items always win.
 */
export function weightedSample<T>(
  items: readonly T[],
  weight: (t: T) => number,
  count: number,
  rng: Rng,
  forced: (t: T) => boolean,
): Set<T> {
  const chosen = new Set(items.filter(forced));
  if (chosen.size > count) throw new Error(`${chosen.size} forced items exceed the ${count} to choose`);
  const keyed = items
    .filter((t) => !chosen.has(t))
    .map((t, i) => ({ t, i, key: Math.log(Math.max(rng.next(), Number.MIN_VALUE)) / Math.max(weight(t), 1e-9) }))
    .sort((a, b) => b.key - a.key || a.i - b.i);
  for (const { t } of keyed) {
    if (chosen.size >= count) break;
    chosen.add(t);
  }
  return chosen;
}

/**
 * Gives each of `slots` a count between 1 and `max` summing to `total`: start at 1, then add
 * one to a random slot that still has room, until the total is reached.
 */
export function spreadCounts(slots: number, total: number, max: number, rng: Rng): number[] {
  if (total < slots || total > slots * max) throw new Error(`cannot put ${total} into ${slots} slots of 1..${max}`);
  const counts = new Array<number>(slots).fill(1);
  const open = Array.from({ length: slots }, (_, i) => i);
  for (let left = total - slots; left > 0; left--) {
    const k = Math.floor(rng.next() * open.length);
    const slot = open[k] as number;
    counts[slot] = (counts[slot] ?? 0) + 1;
    if (counts[slot] === max) {
      open[k] = open[open.length - 1] as number;
      open.pop();
    }
  }
  return counts;
}
