import type { PayloadOf } from '@camwatch/config';
import type { CameraTarget } from './ports.ts';

type BirthCamera = PayloadOf<'birth'>['cameras'][number];

/** `host:port` of an RTSP URL, never its credentials or path. */
export function streamHost(rtspUrl: string | null): string | null {
  if (!rtspUrl) return null;
  try {
    const url = new URL(rtspUrl);
    return `${url.hostname}:${url.port || '554'}`;
  } catch {
    // The birth only describes the camera: a URL that does not parse has no host to show (null), and must not stop the birth.
    return null;
  }
}

const clip = (s: string) => s.slice(0, 64);

/** The camera list of the birth message: identity only, no URL credentials; `hasReference` lets the hub restore a lost reference. */
export function birthCameras(targets: CameraTarget[], hasReference?: (cameraId: string) => boolean): BirthCamera[] {
  return targets.slice(0, 64).map((t) => ({
    cameraId: t.cameraId,
    make: clip(t.make),
    model: clip(t.model),
    firmware: t.firmware === null ? null : clip(t.firmware),
    onvif: t.onvifUrl !== null,
    streamHost: streamHost(t.rtspUrl),
    ...(hasReference ? { hasReference: hasReference(t.cameraId) } : {}),
  }));
}
