import type { CameraCause, PictureInfo } from '@camwatch/config';
import { dHash, hammingDistance } from './dhash.ts';
import { laplacianVariance, lumaStats, median } from './frame-metrics.ts';
import type { PictureSample } from './picture-sampler.ts';
import type { PictureThresholds } from './picture-thresholds.ts';
import { roundTo } from '../probe/numbers.ts';

export interface PictureAssessment {
  picture: PictureInfo;
  /** dHash of the newest frame: the reference for later samples when the camera has none yet. */
  frameHash: string;
  /** Every picture fault found, in no particular order (the verdict orders them). */
  causes: CameraCause[];
}

/** Turns one sample into the contract's PictureInfo and the faults it shows. */
export function assessPicture(sample: PictureSample, referenceHash: string | null, t: PictureThresholds): PictureAssessment {
  const stats = sample.frames.map(lumaStats);
  const brightness = median(stats.map((s) => s.mean));
  const variance = median(stats.map((s) => s.variance));
  const sharpness = median(sample.frames.map(laplacianVariance));
  const newest = sample.frames.at(-1);
  if (!newest) throw new RangeError('a picture sample needs at least one frame');
  const frameHash = dHash(newest);
  const viewDistance = referenceHash ? hammingDistance(frameHash, referenceHash) : null;
  const frozen = sample.detect.ongoingFreezeStart !== null;
  const blackRatio = Math.min(1, sample.detect.blackSeconds / sample.coveredSeconds);

  const causes: CameraCause[] = [];
  const black = blackRatio >= t.blackMinRatio;
  if (black) causes.push('black');
  // A black picture is also uniform; "covered" is for the dim or bright flat picture that is not black.
  if (!black && variance < t.coveredVarianceMax) causes.push('covered');
  if (frozen) causes.push('frozen');
  if (sharpness < t.blurLaplacianMin) causes.push('blurred');
  if (viewDistance !== null && viewDistance >= t.viewChangedHammingMin) causes.push('view_changed');

  const picture: PictureInfo = {
    frozen,
    blackRatio: roundTo(blackRatio, 3),
    brightness: roundTo(Math.min(255, brightness), 1),
    variance: roundTo(variance, 1),
    sharpness: roundTo(sharpness, 1),
    viewDistance,
  };
  return { picture, frameHash, causes };
}
