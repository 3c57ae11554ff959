import { dHash } from './dhash.ts';
import type { GrayFrame } from './gray-frame.ts';

/** The picture is compared with its reference on a THUMB_COLS×THUMB_ROWS thumbnail and a GRID×GRID grid of cells. */
export const THUMB_COLS = 32;
export const THUMB_ROWS = 24;
export const GRID = 4;

/** What one frame looks like, in numbers the reference can be compared with. */
export interface FrameFeatures {
  /** Mean luma, 0–255. */
  brightness: number;
  /** Luma standard deviation. */
  contrast: number;
  /** Variance of the 4-neighbour Laplacian (the fixed-threshold judge's sharpness). */
  sharpness: number;
  /** Luma variance (the fixed-threshold judge's "covered" measure). */
  variance: number;
  /** Mean chroma magnitude; ~0 in infrared night mode. */
  saturation: number;
  /** Area-averaged thumbnail, row-major: the layout of the scene, free of noise and of fine focus. */
  thumb: number[];
  /** Per cell (row-major GRID×GRID): luma standard deviation (is there anything to see?). */
  cellContrast: number[];
  /**
   * Per cell: mean absolute difference between horizontal and vertical neighbours at the
   * analysis size, over the cell's standard deviation. Fine detail relative to the cell's own
   * contrast: a fog or dusk that lowers contrast leaves it; defocus and a translucent cover lower it.
   */
  cellDetail: number[];
  hash: string;
}

const clampStd = (variance: number): number => Math.sqrt(Math.max(0, variance));

export function frameFeatures(frame: GrayFrame, saturation: number): FrameFeatures {
  const { width: w, height: h, data: d } = frame;
  const n = w * h;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = d[i]!;
    sum += v;
    sumSq += v * v;
  }
  const brightness = sum / n;
  const variance = Math.max(0, sumSq / n - brightness * brightness);

  const thumbSum = new Float64Array(THUMB_COLS * THUMB_ROWS);
  const thumbCount = new Float64Array(THUMB_COLS * THUMB_ROWS);
  const cells = GRID * GRID;
  const cSum = new Float64Array(cells);
  const cSumSq = new Float64Array(cells);
  const cCount = new Float64Array(cells);
  const cGrad = new Float64Array(cells);
  const cGradCount = new Float64Array(cells);
  let lapSum = 0;
  let lapSumSq = 0;
  for (let y = 0; y < h; y++) {
    const ty = Math.min(THUMB_ROWS - 1, Math.floor((y * THUMB_ROWS) / h));
    const cy = Math.min(GRID - 1, Math.floor((y * GRID) / h));
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const i = row + x;
      const v = d[i]!;
      const t = ty * THUMB_COLS + Math.min(THUMB_COLS - 1, Math.floor((x * THUMB_COLS) / w));
      thumbSum[t]! += v;
      thumbCount[t]! += 1;
      const c = cy * GRID + Math.min(GRID - 1, Math.floor((x * GRID) / w));
      cSum[c]! += v;
      cSumSq[c]! += v * v;
      cCount[c]! += 1;
      if (x + 1 < w && y + 1 < h) {
        cGrad[c]! += Math.abs(d[i + 1]! - v) + Math.abs(d[i + w]! - v);
        cGradCount[c]! += 2;
      }
      if (x > 0 && y > 0 && x + 1 < w && y + 1 < h) {
        const lap = d[i - w]! + d[i + w]! + d[i - 1]! + d[i + 1]! - 4 * v;
        lapSum += lap;
        lapSumSq += lap * lap;
      }
    }
  }
  const lapN = Math.max(1, (w - 2) * (h - 2));
  const lapMean = lapSum / lapN;
  const thumb = Array.from(thumbSum, (s, i) => s / Math.max(1, thumbCount[i]!));
  const cellContrast: number[] = [];
  const cellDetail: number[] = [];
  for (let c = 0; c < cells; c++) {
    const m = cSum[c]! / Math.max(1, cCount[c]!);
    const std = clampStd(cSumSq[c]! / Math.max(1, cCount[c]!) - m * m);
    cellContrast.push(std);
    cellDetail.push(cGrad[c]! / Math.max(1, cGradCount[c]!) / Math.max(std, 2));
  }
  return {
    brightness,
    contrast: Math.sqrt(variance),
    sharpness: Math.max(0, lapSumSq / lapN - lapMean * lapMean),
    variance,
    saturation,
    thumb,
    cellContrast,
    cellDetail,
    hash: dHash(frame),
  };
}

/** Zero-mean normalised cross-correlation of two equally long vectors: 1 same layout, ~0 unrelated; contrast and brightness do not matter. */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]! - ma;
    const y = b[i]! - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
