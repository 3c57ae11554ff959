import type { Logger } from 'pino';
import { decodeJson, formatIssues } from '@camwatch/config';
import type { CameraTarget } from './ports.ts';

/** A full list of a few thousand recorders with their URLs and credentials stays under this. */
const TARGETS_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The hub's list of private recorders for a collector, as camera targets. A list that does not
 * match the contract is refused whole and counted (the collector keeps checking the previous one):
 * half a list would retire cameras that are still connected.
 */
export function collectorTargetsFrom(payload: Buffer, rejects: Map<string, number>, logger: Logger): CameraTarget[] | null {
  const decoded = decodeJson('collectorTargets', payload, TARGETS_MAX_BYTES);
  if (!decoded.ok) {
    const reason = `collectorTargets_${decoded.reason}`;
    rejects.set(reason, (rejects.get(reason) ?? 0) + 1);
    logger.warn({ reason, issues: formatIssues(decoded.issues) }, 'invalid collector targets; keeping the previous list');
    return null;
  }
  return decoded.value.targets.map((t) => ({
    cameraId: t.cameraId,
    // The register knows no make or model; ONVIF fills them in at the first probe when the recorder answers it.
    make: 'private',
    model: 'recorder',
    firmware: null,
    rtspUrl: t.rtspUrl,
    onvifUrl: t.onvifUrl,
    username: t.username,
    password: t.password,
    snapshotUrl: null,
  }));
}
