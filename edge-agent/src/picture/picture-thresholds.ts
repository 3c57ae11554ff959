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

  // Judging against the camera's own reference (see README.md in this folder for the reasons and the measurements).
  /** Mean chroma magnitude at or below which a frame is infrared night (judged against the night reference). */
  nightSaturationMax: number;
  /** A reference cell with less luma deviation than this has nothing to lose (sky, a wall) and is not judged. */
  cellContentMin: number;
  /** A cell whose luma deviation fell below this share of its reference is blind (something opaque or milky in front). */
  blindCellContrastMax: number;
  /** A cell that kept less than this share of its contrast and less than `milkyCellDetailMax` of its detail is blind too (translucent cover). */
  milkyCellContrastMax: number;
  milkyCellDetailMax: number;
  /** Share of judged cells that must be blind for the lens to be `covered` (half a lens covered is down). */
  coveredCellShareMin: number;
  /** Whole-frame contrast below this share of the reference, with the detail gone too: a translucent cover (`covered`). */
  translucentContrastMax: number;
  /** Detail (Laplacian over luma variance) below this share of the reference is `blurred`. */
  blurDetailRatioMax: number;
  /** Thumbnail correlation with the reference below this is `view_changed`. */
  viewCorrelationMin: number;
  /** Share of a sample's frames that must show a fault for the sample to show it. */
  frameMajority: number;
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
  nightSaturationMax: 3,
  cellContentMin: 6,
  blindCellContrastMax: 0.3,
  milkyCellContrastMax: 0.6,
  milkyCellDetailMax: 0.5,
  coveredCellShareMin: 0.4,
  translucentContrastMax: 0.65,
  blurDetailRatioMax: 0.35,
  viewCorrelationMin: 0.65,
  frameMajority: 0.6,
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
  nightSaturationMax: [0, 128],
  cellContentMin: [0, 128],
  blindCellContrastMax: [0, 1],
  milkyCellContrastMax: [0, 1],
  milkyCellDetailMax: [0, 1],
  coveredCellShareMin: [0.05, 1],
  translucentContrastMax: [0, 1],
  blurDetailRatioMax: [0, 1],
  viewCorrelationMin: [-1, 1],
  frameMajority: [0.01, 1],
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
