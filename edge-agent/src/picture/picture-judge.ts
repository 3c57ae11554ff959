import type { CameraCause, PictureInfo } from '@camwatch/config';
import { hammingDistance } from './dhash.ts';
import { correlation, frameFeatures, type FrameFeatures } from './frame-features.ts';
import { median } from './frame-metrics.ts';
import {
  detailOf,
  REFERENCE_MIN_SAMPLES,
  summarise,
  type ModeReference,
  type PictureMode,
  type PictureReference,
} from './picture-reference.ts';
import type { PictureSample } from './picture-sampler.ts';
import type { PictureThresholds } from './picture-thresholds.ts';
import { roundTo } from '../probe/numbers.ts';

/** What the camera is judged against: its reference picture hash, and its day/night references once built. */
export interface PictureReferences {
  hash: string | null;
  picture: PictureReference | null;
}

export interface PictureAssessment {
  picture: PictureInfo;
  /** dHash of the newest frame: the reference for later samples when the camera has none yet. */
  frameHash: string;
  /** Every picture fault found, in no particular order (the verdict orders them). */
  causes: CameraCause[];
  /** This sample summarised per mode: what the reference learns from when the picture is ok. */
  summary: Record<PictureMode, ModeReference | null>;
  /** How the frames were judged: against the camera's own reference, or by the fixed thresholds while it has none. */
  method: 'reference' | 'fixed' | 'mixed';
}

type FrameFault = 'covered' | 'blurred' | 'view_changed';

const modeOf = (f: FrameFeatures, t: PictureThresholds): PictureMode => (f.saturation <= t.nightSaturationMax ? 'night' : 'day');

/** Against the camera's own normal: what a cover, a defocus or a turn changes, and what night, weather and traffic do not. */
function judgeAgainstReference(f: FrameFeatures, ref: ModeReference, t: PictureThresholds): Set<FrameFault> {
  let judged = 0;
  let blind = 0;
  for (let i = 0; i < ref.cellContrast.length; i++) {
    if (ref.cellContrast[i]! < t.cellContentMin) continue;
    judged++;
    const contrast = f.cellContrast[i]! / ref.cellContrast[i]!;
    // Opaque: the cell's contrast is gone. Milky: much of it is gone and so is its fine detail
    // (fog and dusk lower the contrast but keep the detail, and sensor noise only adds some).
    if (
      contrast < t.blindCellContrastMax ||
      (contrast < t.milkyCellContrastMax && f.cellDetail[i]! < t.milkyCellDetailMax * ref.cellDetail[i]!)
    )
      blind++;
  }
  const contrastRatio = f.contrast / Math.max(ref.contrast, 1);
  const detailRatio = detailOf(f) / Math.max(ref.detail, 1e-6);
  const faults = new Set<FrameFault>();
  const covered =
    (judged > 0 && blind / judged >= t.coveredCellShareMin) ||
    (contrastRatio < t.translucentContrastMax && detailRatio < t.blurDetailRatioMax);
  if (covered) {
    faults.add('covered');
    return faults; // a cover also hides the detail and the view: it is the one cause
  }
  if (detailRatio < t.blurDetailRatioMax) faults.add('blurred');
  if (correlation(f.thumb, ref.thumb) < t.viewCorrelationMin) faults.add('view_changed');
  return faults;
}

/** The fixed absolute thresholds: all the agent can do before it knows the camera's normal picture. */
function judgeByFixedThresholds(f: FrameFeatures, referenceHash: string | null, t: PictureThresholds): Set<FrameFault> {
  const faults = new Set<FrameFault>();
  if (f.variance < t.coveredVarianceMax) faults.add('covered');
  if (f.sharpness < t.blurLaplacianMin) faults.add('blurred');
  if (referenceHash && hammingDistance(f.hash, referenceHash) >= t.viewChangedHammingMin) faults.add('view_changed');
  return faults;
}

/** Turns one sample into the contract's PictureInfo and the faults it shows. */
export function assessPicture(sample: PictureSample, refs: PictureReferences, t: PictureThresholds): PictureAssessment {
  const features = sample.frames.map((frame, i) => frameFeatures(frame, sample.saturation[i] ?? 0));
  const newest = features.at(-1);
  if (!newest) throw new RangeError('a picture sample needs at least one frame');
  const frozen = sample.detect.ongoingFreezeStart !== null;
  const blackRatio = Math.min(1, sample.detect.blackSeconds / sample.coveredSeconds);
  const black = blackRatio >= t.blackMinRatio;

  // Each frame against the reference of its own mode, so a sample across the day↔night switch is judged right.
  const counts: Record<FrameFault, number> = { covered: 0, blurred: 0, view_changed: 0 };
  let byReference = 0;
  for (const f of features) {
    const ref = refs.picture?.[modeOf(f, t)] ?? null;
    const mature = ref !== null && ref.samples >= REFERENCE_MIN_SAMPLES;
    if (mature) byReference++;
    for (const fault of mature ? judgeAgainstReference(f, ref, t) : judgeByFixedThresholds(f, refs.hash, t)) counts[fault]++;
  }
  const needed = Math.max(1, Math.ceil(t.frameMajority * features.length));
  const causes: CameraCause[] = [];
  if (black) causes.push('black');
  // A black picture is also uniform; "covered" is for the picture that is not black.
  if (!black && counts.covered >= needed) causes.push('covered');
  if (frozen) causes.push('frozen');
  if (!black && counts.covered < needed) {
    if (counts.blurred >= needed) causes.push('blurred');
    if (counts.view_changed >= needed) causes.push('view_changed');
  }

  const mode = modeOf(newest, t);
  const nearest = refs.picture?.[mode]?.hashes ?? (refs.hash ? [refs.hash] : []);
  const viewDistance = nearest.length > 0 ? Math.min(...nearest.map((h) => hammingDistance(newest.hash, h))) : null;
  const picture: PictureInfo = {
    frozen,
    blackRatio: roundTo(blackRatio, 3),
    brightness: roundTo(Math.min(255, median(features.map((f) => f.brightness))), 1),
    variance: roundTo(median(features.map((f) => f.variance)), 1),
    sharpness: roundTo(median(features.map((f) => f.sharpness)), 1),
    viewDistance,
  };
  return {
    picture,
    frameHash: newest.hash,
    causes,
    summary: {
      day: summarise(features.filter((f) => modeOf(f, t) === 'day')),
      night: summarise(features.filter((f) => modeOf(f, t) === 'night')),
    },
    method: byReference === features.length ? 'reference' : byReference === 0 ? 'fixed' : 'mixed',
  };
}
