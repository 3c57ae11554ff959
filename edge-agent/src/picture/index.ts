/**
 * `@camwatch/edge-agent/picture`: the picture-quality engine on its own, for the labelled-corpus
 * bench and test (scripts/src/corpus), which judge the same recorded frames by the new method and
 * the old fixed thresholds.
 */
export { assessPicture } from './picture-judge.ts';
export { emptyReference, learn, type PictureReference } from './picture-reference.ts';
export { samplePicture } from './picture-sampler.ts';
export { DEFAULT_PICTURE_THRESHOLDS } from './picture-thresholds.ts';
export { createRealProber } from '../probe/real-prober.ts';
export { createSpawnMediaTools, type MediaTools } from '../probe/media/media-tools.ts';
export type { ProcessResult } from '../probe/media/process-runner.ts';
export type { CameraTarget, CameraVerdict } from '../core/ports.ts';
