import type { CameraCause, PictureInfo, StreamInfo } from '@camwatch/config';
import type { CameraVerdict } from '@camwatch/edge-agent';
import { CAUSE_SEVERITY } from '@camwatch/config';
import type { CameraCondition } from './fault-model.ts';
import type { PictureFault } from './fault-profile.ts';
import { hash32 } from './prng.ts';

const FAULT_CAUSE: Readonly<Record<PictureFault, CameraCause>> = {
  frozen: 'frozen',
  black: 'black',
  blurred: 'blurred',
  covered: 'covered',
  turned: 'view_changed',
  low_fps: 'low_fps',
};

const DETAIL: Readonly<Record<CameraCause, string>> = {
  unreachable: 'TCP connect to the camera timed out',
  onvif_failing: 'ONVIF did not answer',
  stream_failing: 'RTSP stream did not start',
  black: 'picture is black',
  covered: 'lens covered: flat, low-variance picture',
  frozen: 'picture frozen: identical frames for the whole sample',
  blurred: 'picture blurred: low Laplacian variance',
  view_changed: 'view changed: picture differs from the reference',
  low_fps: 'frame rate far below nominal',
  clock_skew: 'camera clock far from true time',
};

/** Small deterministic wobble in [-1, 1) so readings look measured, not constant. */
function wobble(key: string, t: number): number {
  return hash32(`${key}:${Math.floor(t / 1000)}`) / 2 ** 31 - 1;
}

function hex64(a: number, b: number): string {
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** The camera's 64-bit dHash as it would be computed from its normal view. */
export function referenceHashOf(cameraId: string): string {
  return hex64(hash32(cameraId, 1), hash32(cameraId, 2));
}

function frameHash(cameraId: string, fault: PictureFault | null): string {
  if (fault === 'black' || fault === 'covered') return '0000000000000000';
  const a = hash32(cameraId, 1);
  const b = hash32(cameraId, 2);
  // Turned away: about half of the 64 bits differ (distance 32 > threshold 22); blurred: a few.
  if (fault === 'turned') return hex64((a ^ 0xffffffff) >>> 0, b);
  if (fault === 'blurred') return hex64((a ^ 0x00000007) >>> 0, b);
  return hex64(a, b);
}

export function hammingHex(x: string, y: string): number {
  let distance = 0;
  for (let i = 0; i < Math.min(x.length, y.length); i += 8) {
    let v = (parseInt(x.slice(i, i + 8), 16) ^ parseInt(y.slice(i, i + 8), 16)) >>> 0;
    while (v) {
      distance += v & 1;
      v >>>= 1;
    }
  }
  return distance;
}

function streamOf(cameraId: string, fault: PictureFault | null, t: number): StreamInfo {
  const hd = hash32(cameraId, 3) % 3 === 0;
  const nominalFps = hd ? 20 : 25;
  return {
    codec: hash32(cameraId, 4) % 4 === 0 ? 'hevc' : 'h264',
    width: hd ? 2560 : 1920,
    height: hd ? 1440 : 1080,
    fps: fault === 'low_fps' ? 2 + wobble(cameraId, t) : nominalFps,
    bitrateKbps: Math.round((hd ? 4096 : 2048) * (1 + 0.1 * wobble(`${cameraId}/br`, t))),
  };
}

function pictureOf(cameraId: string, fault: PictureFault | null, t: number, viewDistance: number | null): PictureInfo {
  const w = wobble(`${cameraId}/pic`, t);
  const base: PictureInfo = {
    frozen: false,
    blackRatio: 0.02,
    brightness: 110 + 15 * w,
    variance: 1800 + 300 * w,
    sharpness: 320 + 60 * w,
    viewDistance,
  };
  switch (fault) {
    case 'frozen':
      return { ...base, frozen: true };
    case 'black':
      return { ...base, blackRatio: 0.99, brightness: 4, variance: 2, sharpness: 0.4 };
    case 'covered':
      return { ...base, blackRatio: 0.05, brightness: 55 + 5 * w, variance: 18 + 4 * w, sharpness: 3 };
    case 'blurred':
      return { ...base, sharpness: 14 + 4 * w, variance: 900 + 100 * w };
    default:
      return base;
  }
}

/**
 * What the real checks would conclude about a camera in `condition` (as far as the probe can
 * see it: the prober decides what a basic probe knows). A deep probe adds the picture evidence
 * and the frame hash, as the real agent's frame analysis does.
 */
export function verdictFor(
  cameraId: string,
  condition: CameraCondition,
  deep: boolean,
  t: number,
  referenceHash: string | null,
): CameraVerdict {
  if (condition.kind === 'dead') {
    return { status: 'down', cause: 'unreachable', detail: DETAIL.unreachable, stream: null, picture: null, frameHash: null };
  }
  const fault = condition.kind === 'picture' ? condition.fault : null;
  const stream = streamOf(cameraId, fault, t);
  const cause = fault ? FAULT_CAUSE[fault] : null;
  if (!deep) {
    return {
      status: cause ? CAUSE_SEVERITY[cause] : 'ok',
      cause,
      detail: cause ? DETAIL[cause] : 'stream ok',
      stream,
      picture: null,
      frameHash: null,
    };
  }
  const hash = frameHash(cameraId, fault);
  const distance = referenceHash ? hammingHex(hash, referenceHash) : null;
  return {
    status: cause ? CAUSE_SEVERITY[cause] : 'ok',
    cause,
    detail: cause ? DETAIL[cause] : 'stream and picture ok',
    stream,
    picture: pictureOf(cameraId, fault, t, distance),
    frameHash: hash,
  };
}
