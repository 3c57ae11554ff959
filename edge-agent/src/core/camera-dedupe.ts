import type { CameraTarget } from './ports.ts';

/**
 * The device a target watches: host of its ONVIF address (else of its stream) and the
 * channel on it. A camera configured by hand and found again by discovery has the same key
 * (the same host answers RTSP on 554 and ONVIF on 80), so it is watched once; the channels
 * of an NVR on one address keep distinct keys.
 */
export function deviceKey(t: CameraTarget): string | null {
  const url = t.onvifUrl ?? t.rtspUrl;
  if (!url) return null;
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
    return host ? `${host}#${t.onvifChannel ?? 1}` : null;
  } catch {
    // Config validation already refused malformed URLs; such a target simply has no device key.
    return null;
  }
}

/** Discovered cameras that are neither configured (same id) nor the same device as a configured one. */
export function newDevicesOnly(configured: readonly CameraTarget[], found: readonly CameraTarget[]): CameraTarget[] {
  const ids = new Set(configured.map((c) => c.cameraId));
  const keys = new Set(configured.map(deviceKey).filter((k): k is string => k !== null));
  return found.filter((f) => {
    const key = deviceKey(f);
    return !ids.has(f.cameraId) && (key === null || !keys.has(key));
  });
}
