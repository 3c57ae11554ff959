import { isDHash } from './dhash.ts';
import { GRID, THUMB_COLS, THUMB_ROWS, type FrameFeatures } from './frame-features.ts';

export type PictureMode = 'day' | 'night';

/** How one camera normally looks in one mode (day colour, or infrared night), averaged over several ok samples. */
export interface ModeReference {
  /** Ok samples averaged in; the reference judges only once it has `referenceMinSamples`. */
  samples: number;
  thumb: number[];
  cellContrast: number[];
  cellDetail: number[];
  /** Luma standard deviation of the whole frame. */
  contrast: number;
  /** Laplacian variance over luma variance: fine detail independent of contrast and exposure. */
  detail: number;
  /** dHash of one frame of each sample, newest last (at most MAX_HASHES). */
  hashes: string[];
}

/** The agent-side reference of a camera: one per mode, persisted next to the outbox. */
export interface PictureReference {
  version: 1;
  day: ModeReference | null;
  night: ModeReference | null;
}

const MAX_HASHES = 5;
/** A mode's reference judges once this many ok samples are in it; until then the fixed thresholds do. */
export const REFERENCE_MIN_SAMPLES = 3;
/** A reference keeps learning from ok samples up to this many, then stays put (so slow dirt is not learnt as normal). */
export const REFERENCE_MAX_SAMPLES = 5;

export const emptyReference = (): PictureReference => ({ version: 1, day: null, night: null });

/** Fine detail relative to contrast: defocus and a translucent cover lower it; dusk, fog and exposure do not. */
export const detailOf = (f: FrameFeatures): number => f.sharpness / Math.max(f.variance, 1);

const mean = (rows: number[][]): number[] => rows[0]!.map((_, i) => rows.reduce((s, r) => s + r[i]!, 0) / rows.length);
const avg = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The sample's frames of one mode, summarised as a reference of one sample. */
export function summarise(frames: readonly FrameFeatures[]): ModeReference | null {
  if (frames.length === 0) return null;
  return {
    samples: 1,
    thumb: mean(frames.map((f) => f.thumb)),
    cellContrast: mean(frames.map((f) => f.cellContrast)),
    cellDetail: mean(frames.map((f) => f.cellDetail)),
    contrast: avg(frames.map((f) => f.contrast)),
    detail: avg(frames.map(detailOf)),
    hashes: [frames.at(-1)!.hash],
  };
}

/** Folds one ok sample into a mode's reference (running mean), until it has REFERENCE_MAX_SAMPLES. */
export function learn(ref: ModeReference | null, sample: ModeReference): ModeReference {
  if (!ref) return sample;
  if (ref.samples >= REFERENCE_MAX_SAMPLES) return ref;
  const n = ref.samples;
  const mix = (a: number, b: number): number => (a * n + b) / (n + 1);
  return {
    samples: n + 1,
    thumb: ref.thumb.map((v, i) => mix(v, sample.thumb[i]!)),
    cellContrast: ref.cellContrast.map((v, i) => mix(v, sample.cellContrast[i]!)),
    cellDetail: ref.cellDetail.map((v, i) => mix(v, sample.cellDetail[i]!)),
    contrast: mix(ref.contrast, sample.contrast),
    detail: mix(ref.detail, sample.detail),
    hashes: [...ref.hashes, ...sample.hashes].slice(-MAX_HASHES),
  };
}

const round = (v: number): number => Math.round(v * 100) / 100;

/** Compact JSON for the outbox (two decimals are far below any threshold). */
export function serialiseReference(ref: PictureReference): string {
  const mode = (m: ModeReference | null) =>
    m && {
      ...m,
      thumb: m.thumb.map(round),
      cellContrast: m.cellContrast.map(round),
      cellDetail: m.cellDetail.map(round),
      contrast: round(m.contrast),
      detail: round(m.detail),
    };
  return JSON.stringify({ version: 1, day: mode(ref.day), night: mode(ref.night) });
}

const numbers = (v: unknown, length: number): v is number[] =>
  Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number' && Number.isFinite(x));

function parseMode(v: unknown): ModeReference | null {
  if (v === null || v === undefined) return null;
  const m = v as Partial<ModeReference>;
  const ok =
    typeof m === 'object' &&
    Number.isInteger(m.samples) &&
    m.samples! >= 1 &&
    numbers(m.thumb, THUMB_COLS * THUMB_ROWS) &&
    numbers(m.cellContrast, GRID * GRID) &&
    numbers(m.cellDetail, GRID * GRID) &&
    typeof m.contrast === 'number' &&
    Number.isFinite(m.contrast) &&
    typeof m.detail === 'number' &&
    Number.isFinite(m.detail) &&
    Array.isArray(m.hashes) &&
    m.hashes.every((h) => typeof h === 'string' && isDHash(h));
  if (!ok) throw new RangeError('not a picture reference mode');
  return {
    samples: m.samples!,
    thumb: m.thumb!,
    cellContrast: m.cellContrast!,
    cellDetail: m.cellDetail!,
    contrast: m.contrast!,
    detail: m.detail!,
    hashes: m.hashes!,
  };
}

/** Reads what `serialiseReference` wrote; throws RangeError on anything else (a damaged row is relearnt, not trusted). */
export function parseReference(text: string): PictureReference {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RangeError('picture reference is not JSON');
  }
  const r = raw as { version?: unknown; day?: unknown; night?: unknown };
  if (typeof r !== 'object' || r === null || r.version !== 1) throw new RangeError('picture reference of unknown version');
  return { version: 1, day: parseMode(r.day), night: parseMode(r.night) };
}
