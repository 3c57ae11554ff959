import type { CameraTarget } from '../core/ports.ts';
import type { AgentConfig } from './agent-config-schema.ts';

/** A camera as configured before any probe: a line of the agent's camera list or of a fleet inventory. */
export interface StaticCamera {
  cameraId: string;
  make: string;
  model: string;
  rtspUrl?: string | null | undefined;
  onvifUrl?: string | null | undefined;
  onvifChannel?: number | undefined;
  username?: string | null | undefined;
  password?: string | null | undefined;
}

/** A configured camera as the core's CameraTarget; firmware and the snapshot URL come from ONVIF at probe time. */
export function staticCameraTarget(camera: StaticCamera): CameraTarget {
  return {
    cameraId: camera.cameraId,
    make: camera.make,
    model: camera.model,
    firmware: null,
    rtspUrl: camera.rtspUrl ?? null,
    onvifUrl: camera.onvifUrl ?? null,
    ...(camera.onvifChannel && camera.onvifChannel > 1 ? { onvifChannel: camera.onvifChannel } : {}),
    username: camera.username ?? null,
    password: camera.password ?? null,
    snapshotUrl: null,
  };
}

/** The static camera list as the core's CameraTargets (identity comes from ONVIF at probe time). */
export function cameraTargetsFrom(config: AgentConfig): CameraTarget[] {
  return config.cameras.map(staticCameraTarget);
}
