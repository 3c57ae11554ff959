import { encodeJpeg } from './jpeg-encoder.ts';
import { hash32 } from './prng.ts';
import type { CameraCondition } from './fault-model.ts';

export const SNAPSHOT_WIDTH = 160;
export const SNAPSHOT_HEIGHT = 90;
const W = SNAPSHOT_WIDTH;
const H = SNAPSHOT_HEIGHT;
const QUALITY = 70;
/** The moving "vehicle" advances one step per this much simulated time, so live pictures differ. */
const MOTION_STEP_MS = 10_000;
/** The vehicle's position repeats after this many steps ((step × 12) mod (W − 20)). */
const MOTION_CYCLE = (W - 20) / 4;
/**
 * Distinct street pictures: each camera shows one of them (by hash of its id). Encoding a JPEG per
 * camera was ~19 % of the simulator's CPU at boot (every camera's first deep probe takes a
 * reference snapshot); a fleet needs realistic sizes, not distinct pixels, so each picture is
 * encoded once per vehicle position and fault, and the camera's id goes into a JPEG comment.
 */
export const PICTURE_VARIANTS = 64;
/** Encoded pictures kept (≈3.5 KB each); past this the cache starts again (it refills within a minute). */
const CACHE_MAX = 4_096;

type Rgb = [number, number, number];

/** The picture a camera shows: one of PICTURE_VARIANTS, by hash of its id. */
export function pictureVariant(cameraId: string): number {
  return hash32(cameraId) % PICTURE_VARIANTS;
}

/** The 32-bit barcode drawn along the bottom of a picture variant (so a snapshot can be traced to its picture). */
export function variantBarcode(variant: number): number {
  return hash32(`picture-${variant}`);
}

/**
 * A small generated street picture for a simulated camera: sky-to-road gradient, its picture's
 * barcode along the bottom, and a block that moves with time; the camera id rides in a JPEG
 * comment, so no two cameras send the same bytes (the hub stores snapshots by content hash,
 * and shared bytes would spare it the writes a real fleet causes). Faults change the picture the
 * way the real fault would: frozen repeats one frame, black is black, covered is a flat brown
 * lens cap, blurred is smoothed, turned shows another scene with the barcode elsewhere.
 */
export function renderSnapshot(cameraId: string, condition: CameraCondition, t: number): Buffer {
  const fault = condition.kind === 'picture' ? condition.fault : null;
  // A black or covered picture shows nothing of the street (nor the barcode): one JPEG serves every camera.
  if (fault === 'black' || fault === 'covered') return flatPicture(fault);
  const variant = pictureVariant(cameraId);
  const step = fault === 'frozen' ? 0 : Math.floor(t / MOTION_STEP_MS) % MOTION_CYCLE;
  const look = fault === 'turned' || fault === 'blurred' ? fault : 'street';
  const key = `${variant}:${look}:${step}`;
  let jpeg = encoded.get(key);
  if (!jpeg) {
    jpeg = drawPicture(variant, look, step);
    if (encoded.size >= CACHE_MAX) encoded.clear();
    encoded.set(key, jpeg);
  }
  return withComment(jpeg, cameraId);
}

const encoded = new Map<string, Buffer>();

function drawPicture(variant: number, look: 'street' | 'turned' | 'blurred', step: number): Buffer {
  const turned = look === 'turned';
  const rgba = scratch;
  sceneFor(hash32(`picture-${variant}`, 7) % TINTS, turned).copy(rgba);
  drawBarcode(rgba, variantBarcode(variant), turned ? 4 : H - 8);
  drawVehicle(rgba, step);
  if (look === 'blurred') boxBlur(rgba, 3);
  return encodeJpeg({ width: W, height: H, data: rgba }, QUALITY);
}

/** JPEG comment marker (COM): any decoder skips it. */
const COM = 0xfe;

/** The JPEG with a comment segment holding `text` right after its start-of-image marker. */
export function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const out = Buffer.allocUnsafe(jpeg.length + 4 + body.length);
  jpeg.copy(out, 0, 0, 2);
  out[2] = 0xff;
  out[3] = COM;
  out.writeUInt16BE(body.length + 2, 4);
  body.copy(out, 6);
  jpeg.copy(out, 6 + body.length, 2);
  return out;
}

/** Pictures are drawn and encoded synchronously, one at a time: one pixel buffer serves them all. */
const scratch = Buffer.alloc(W * H * 4);

function put(rgba: Buffer, x: number, y: number, [r, g, b]: Rgb): void {
  const i = (y * W + x) * 4;
  rgba[i] = r;
  rgba[i + 1] = g;
  rgba[i + 2] = b;
  rgba[i + 3] = 255;
}

const flat = new Map<'black' | 'covered', Buffer>();

function flatPicture(fault: 'black' | 'covered'): Buffer {
  let jpeg = flat.get(fault);
  if (!jpeg) {
    const rgba = Buffer.alloc(W * H * 4);
    if (fault === 'black') fill(rgba, [6, 6, 6], 3);
    else fill(rgba, [72, 56, 40], 4);
    jpeg = encodeJpeg({ width: W, height: H, data: rgba }, QUALITY);
    flat.set(fault, jpeg);
  }
  return jpeg;
}

function fill(rgba: Buffer, rgb: Rgb, noise: number): void {
  let h = 0x9e3779b9;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      h = (Math.imul(h, 1664525) + 1013904223) >>> 0;
      const n = (h >>> 24) % (noise + 1);
      put(rgba, x, y, [rgb[0] + n, rgb[1] + n, rgb[2] + n]);
    }
  }
}

/** Background tints; each camera gets one (by hash), so neighbours' pictures differ. */
const TINTS = 60;
const scenes = new Map<number, Buffer>();

/** The background is the same for every camera of a tint: drawn once, then copied (rendering is per snapshot). */
function sceneFor(tint: number, turned: boolean): Buffer {
  const key = tint * 2 + (turned ? 1 : 0);
  let scene = scenes.get(key);
  if (!scene) {
    scene = Buffer.alloc(W * H * 4);
    drawScene(scene, tint, turned);
    scenes.set(key, scene);
  }
  return scene;
}

function drawScene(rgba: Buffer, tint: number, turned: boolean): void {
  const horizon = turned ? 20 : 45;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const gx = turned ? W - 1 - x : x;
      const rgb: Rgb =
        y < horizon
          ? [110 + tint + (gx >> 3), 160 + (y >> 1), 230 - (gx >> 2)]
          : [90 + ((gx * 3 + y * 2) & 31) + tint / 2, 90 + (y >> 2), 80 + ((gx + y) & 15)];
      put(rgba, x, y, rgb);
    }
  }
  // Lane marks give the picture edges, which is what a sharpness check measures.
  for (let x = 0; x < W; x += 16) {
    for (let dx = 0; dx < 8; dx++) {
      for (let y = horizon + 20; y < horizon + 22 && y < H; y++) put(rgba, Math.min(W - 1, x + dx), y, [235, 235, 235]);
    }
  }
}

function drawBarcode(rgba: Buffer, bits: number, top: number): void {
  for (let bit = 0; bit < 32; bit++) {
    const on = ((bits >>> bit) & 1) === 1;
    for (let dy = 0; dy < 4; dy++) {
      for (let dx = 0; dx < 4; dx++) put(rgba, 16 + bit * 4 + dx, top + dy, on ? [250, 250, 250] : [10, 10, 10]);
    }
  }
}

function drawVehicle(rgba: Buffer, step: number): void {
  const x0 = (step * 12) % (W - 20);
  for (let y = 52; y < 62; y++) {
    for (let x = x0; x < x0 + 20; x++) put(rgba, x, y, [200, 30, 30]);
  }
}

/** Separable box blur (horizontal then vertical pass), enough to defeat a sharpness check. */
function boxBlur(rgba: Buffer, radius: number): void {
  blurPass(rgba, radius, 1, W, H);
  blurPass(rgba, radius, W, H, W);
}

/** One blur pass over `lines` lines of `length` pixels, `step` pixels apart (1: rows, W: columns). */
function blurPass(rgba: Buffer, radius: number, step: number, length: number, lines: number): void {
  const lineStride = step === 1 ? W : 1;
  const line = new Float64Array(length * 3);
  for (let l = 0; l < lines; l++) {
    for (let k = 0; k < length; k++) {
      const i = (l * lineStride + k * step) * 4;
      line[k * 3] = rgba[i]!;
      line[k * 3 + 1] = rgba[i + 1]!;
      line[k * 3 + 2] = rgba[i + 2]!;
    }
    for (let k = 0; k < length; k++) {
      const lo = Math.max(0, k - radius);
      const hi = Math.min(length - 1, k + radius);
      const i = (l * lineStride + k * step) * 4;
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let m = lo; m <= hi; m++) sum += line[m * 3 + c]!;
        rgba[i + c] = Math.round(sum / (hi - lo + 1));
      }
    }
  }
}
