import type { LiveCameraStatus } from '@camwatch/config/api';

type Listener = (event: LiveCameraStatus) => void;
const listeners = new Set<Listener>();

/**
 * Camera-status events of the live stream that the programme map does not know: a connected
 * private camera's (issue 16 item 4; a collector reports it as `pc-<register id>`). The fleet's
 * one stream hands them here, and the private layer listens while it is on: no second stream.
 */
export const privateCameraLive = {
  publish(event: LiveCameraStatus): void {
    for (const l of listeners) l(event);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
