import { createRng, hashString } from '../fleet/prng.ts';

/**
 * Seeded randomness for the simulator, on the fleet model's mulberry32 and FNV-1a. Math.random
 * is never used: every fault, reading and picture follows from (seed, key), so the same seed
 * replays the same fleet history.
 */

/** A PRNG stream: each call returns a float in [0, 1). */
export type Rng = () => number;

/** An independent stream for one purpose of one entity, e.g. `rngFor(seed, 'LA-0001-C1', 'faults')`. */
export function rngFor(seed: number, ...keys: string[]): Rng {
  return createRng(hashString(`${seed}\u0000${keys.join('\u0000')}`)).next;
}

/** A 32-bit hash of `text`; `salt` gives independent hashes of the same text. */
export function hash32(text: string, salt = 0): number {
  return hashString(salt === 0 ? text : `${salt}\u0000${text}`);
}

/** Exponentially distributed value with the given mean (the gap between Poisson events). */
export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng()) * mean;
}

export function uniform(rng: Rng, min: number, max: number): number {
  return min + rng() * (max - min);
}
