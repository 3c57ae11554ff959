import type { GrayFrame } from './gray-frame.ts';

export interface LumaStats {
  /** Mean luma, 0–255. */
  mean: number;
  /** Luma variance: near 0 for a uniform picture (covered lens, fog, a wall). */
  variance: number;
}

export function lumaStats(frame: GrayFrame): LumaStats {
  const d = frame.data;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / d.length;
  return { mean, variance: Math.max(0, sumSq / d.length - mean * mean) };
}

/**
 * Variance of the 4-neighbour Laplacian (Pech-Pacheco et al.): sharp edges give large
 * second derivatives, a defocused or fogged picture gives small ones. Border pixels are
 * skipped rather than padded, so a frame edge never counts as detail.
 */
export function laplacianVariance(frame: GrayFrame): number {
  const { width: w, height: h, data: d } = frame;
  if (w < 3 || h < 3) return 0;
  let sum = 0;
  let sumSq = 0;
  for (let y = 1; y < h - 1; y++) {
    const row = y * w;
    for (let x = 1; x < w - 1; x++) {
      const i = row + x;
      const lap = d[i - w]! + d[i + w]! + d[i - 1]! + d[i + 1]! - 4 * d[i]!;
      sum += lap;
      sumSq += lap * lap;
    }
  }
  const n = (w - 2) * (h - 2);
  const mean = sum / n;
  return Math.max(0, sumSq / n - mean * mean);
}

/** Median of a non-empty list; per-frame metrics are summarised this way so one odd frame does not decide. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
