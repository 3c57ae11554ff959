/**
 * mulberry32: a tiny seeded PRNG for generated fixtures. Test data and benchmarks must be the same
 * for a seed on every run, so they never touch Math.random. Pure: safe in the browser too.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
