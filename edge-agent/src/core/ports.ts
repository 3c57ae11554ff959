import type { CameraCause, CameraStatusValue, PictureInfo, StreamInfo } from '@camwatch/config';
import type { ModeReference, PictureMode, PictureReference } from '../picture/picture-reference.ts';

/**
 * The seams of the agent core. The real agent plugs in ONVIF/RTSP/ffmpeg checks and Linux
 * health readings; the fleet simulator plugs in simulated ones. Everything else (scheduler,
 * outbox, MQTT session, commands) is the same code in both.
 */

/** One camera as the agent knows it (from the static list, discovery, or the simulator). */
export interface CameraTarget {
  cameraId: string;
  make: string;
  model: string;
  firmware: string | null;
  /** rtsp://user:pass@host:port/path — credentials never leave the station. */
  rtspUrl: string | null;
  /** ONVIF device service URL, e.g. http://192.0.2.10/onvif/device_service. */
  onvifUrl: string | null;
  /** Which camera behind `onvifUrl` when it is an NVR or encoder (its n-th video source); absent means 1. */
  onvifChannel?: number;
  username: string | null;
  password: string | null;
  /** JPEG snapshot URL from ONVIF GetSnapshotUri, when the camera has one. */
  snapshotUrl: string | null;
}

export interface CheckContext {
  signal: AbortSignal;
  timeoutMs: number;
  /** Perceptual hash (hex, 64-bit dHash) of the reference picture, for "view changed". */
  referenceHash: string | null;
  /** The camera's own day and night references (the real agent's picture check judges against them). */
  pictureReference?: PictureReference | null;
  /** For a snapshot: the byte budget's cap when it is below the configured one (the smaller wins). */
  snapshotMaxBytes?: number;
}

/** The verdict of probing one camera: the status and cause the contracts define, plus evidence. */
export interface CameraVerdict {
  status: CameraStatusValue;
  cause: CameraCause | null;
  /** Every cause found (the reported one is the worst of them); absent means just `cause`. */
  causes?: readonly CameraCause[];
  detail: string;
  stream: StreamInfo | null;
  picture: PictureInfo | null;
  /** dHash of the frame that was analysed, when one was; becomes the reference when none exists. */
  frameHash: string | null;
  /** Maker, model and firmware as the camera itself reported them (ONVIF), when this probe read them. */
  identity?: CameraIdentity | null;
  /**
   * A check ran out of its time: the verdict rests on missing evidence (a busy station, a slow
   * 4G hop), not on a camera fault seen. The monitor confirms it before reporting it.
   */
  inconclusive?: boolean;
  /** The analysed sample summarised per mode, for the camera's reference to learn from while it is ok. */
  pictureSummary?: Record<PictureMode, ModeReference | null> | null;
}

export interface CameraIdentity {
  make: string;
  model: string;
  firmware: string | null;
}

export interface CapturedSnapshot {
  jpeg: Buffer;
  /** What the technician should know about how it was taken (e.g. the camera sent PNG, converted). */
  note?: string;
  width: number;
  height: number;
}

/** Probes cameras. Real: TCP + ONVIF + ffprobe + picture checks. Simulated: a seeded fault model. */
export interface CameraProber {
  /** `deep` adds the picture-quality checks (decoding frames), run less often than the basic probe. */
  probe(target: CameraTarget, ctx: CheckContext, deep: boolean): Promise<CameraVerdict>;
  snapshot(target: CameraTarget, ctx: CheckContext): Promise<CapturedSnapshot>;
  /** ONVIF SystemReboot; rejects when the camera cannot be rebooted. */
  reboot(target: CameraTarget, ctx: CheckContext): Promise<void>;
}

/** Finds cameras (ONVIF WS-Discovery + identity); the simulator returns its fixed list. */
export interface CameraDiscovery {
  discover(signal: AbortSignal): Promise<CameraTarget[]>;
}

export interface HealthReading {
  cpuPct: number;
  load1: number;
  memUsedPct: number;
  diskUsedPct: number;
  tempC: number | null;
  uptimeS: number;
  uplinkLatencyMs: number | null;
}

/** Reads the station box's own health. Real: /proc, statfs, thermal zones. Simulated: plausible numbers. */
export interface HealthSampler {
  sample(): Promise<HealthReading>;
}

/** Time source, so the simulator can skew clocks and tests can control time. */
export interface Clock {
  /** Wall time (ms since the epoch): for timestamps only; NTP may step it back or forward at any moment. */
  now(): number;
  /**
   * Milliseconds on a clock that never steps (default `performance.now()`): for schedules, timeouts
   * and durations, so a box whose clock NTP sets back an hour after a power cut keeps its cadence.
   */
  monotonic?(): number;
}

/** The monotonic reading of `clock` (see `Clock.monotonic`). */
export function monotonicNow(clock: Clock): number {
  return clock.monotonic ? clock.monotonic() : performance.now();
}
