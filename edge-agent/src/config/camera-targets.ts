import type { CameraTarget } from '../core/ports.ts';
import type { AgentConfig } from './agent-config-schema.ts';

/** The static camera list as the core's CameraTargets (identity comes from ONVIF at probe time). */
export function cameraTargetsFrom(config: AgentConfig): CameraTarget[] {
  return config.cameras.map((c) => ({
    cameraId: c.cameraId,
    make: c.make,
    model: c.model,
    firmware: null,
    rtspUrl: c.rtspUrl ?? null,
    onvifUrl: c.onvifUrl ?? null,
    username: c.username ?? null,
    password: c.password ?? null,
    snapshotUrl: null,
  }));
}
