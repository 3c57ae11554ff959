import { DEFAULTS } from '@camwatch/config';

/** Every number that turns measurements into a cause. Station config may override any of them. */
export interface PictureThresholds {
  /** A freeze (freezedetect) still going on at the end of the sample and at least this long is `frozen`. */
  frozenMinSeconds: number;
  /** freezedetect noise tolerance in dB: frames closer than this count as identical. */
  frozenNoiseDb: number;
  /** Share of the sample that blackdetect finds black for the picture to be `black`. */
  blackMinRatio: number;
  /** blackdetect pixel threshold (0–1 of the luma range): darker pixels count as black. */
  blackPixelMax: number;
  /** Variance of the Laplacian below which the picture is `blurred`. */
  blurLaplacianMin: number;
  /** Luma variance below which a picture that is not black is `covered`. */
  coveredVarianceMax: number;
  /** dHash Hamming distance from the reference at or above which the view has `view_changed`. */
  viewChangedHammingMin: number;
  /** Measured frames per second below which the stream is `low_fps`. */
  lowFpsMin: number;
}

export const DEFAULT_PICTURE_THRESHOLDS: Readonly<PictureThresholds> = Object.freeze({
  frozenMinSeconds: DEFAULTS.frozenMinSeconds.value,
  frozenNoiseDb: DEFAULTS.frozenNoiseDb.value,
  blackMinRatio: DEFAULTS.blackMinRatio.value,
  // blackdetect's own default; the contracts do not name this one.
  blackPixelMax: 0.1,
  blurLaplacianMin: DEFAULTS.blurLaplacianMin.value,
  coveredVarianceMax: DEFAULTS.coveredVarianceMax.value,
  viewChangedHammingMin: DEFAULTS.viewChangedHammingMin.value,
  // Not in the contracts' DEFAULTS yet: below 5 fps a street camera misses a passing motorbike.
  lowFpsMin: 5,
});

const RANGES: Record<keyof PictureThresholds, [number, number]> = {
  frozenMinSeconds: [0.1, 3600],
  frozenNoiseDb: [-120, 0],
  blackMinRatio: [0, 1],
  blackPixelMax: [0, 1],
  blurLaplacianMin: [0, 1e7],
  coveredVarianceMax: [0, 65_025],
  viewChangedHammingMin: [1, 64],
  lowFpsMin: [0, 1000],
};

/** Defaults with the overrides applied; throws listing every out-of-range value at once. */
export function resolvePictureThresholds(overrides: Partial<PictureThresholds> = {}): PictureThresholds {
  const out: PictureThresholds = { ...DEFAULT_PICTURE_THRESHOLDS };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(overrides) as Array<[string, unknown]>) {
    if (!(key in RANGES)) {
      problems.push(`${key}: unknown threshold`);
      continue;
    }
    const name = key as keyof PictureThresholds;
    const [min, max] = RANGES[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      problems.push(`${key}: must be a number in [${min}, ${max}], got ${String(value)}`);
      continue;
    }
    out[name] = value;
  }
  if (problems.length > 0) throw new RangeError(`bad picture thresholds: ${problems.join('; ')}`);
  return out;
}
