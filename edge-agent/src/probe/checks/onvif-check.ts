import { readOnvifIdentity, pingOnvif } from '../../onvif/onvif-device-client.ts';
import { mainProfile } from '../../onvif/onvif-identity.ts';
import { errorMessage } from '../abort-timeout.ts';
import { RejectedInputError, type RejectCounter } from '../reject-counter.ts';
import { skipped, type CameraCheck, type CheckInput, type CheckOutput } from './camera-check.ts';

/** Media URIs ONVIF gave per camera, kept so a camera whose ONVIF later fails is still watched through its stream. */
export type OnvifMediaCache = Map<string, { rtspUrl: string | null; snapshotUrl: string | null }>;

/**
 * Does the camera answer ONVIF? Normally a device-clock read and GetDeviceInformation; the
 * full identity (profiles, stream and snapshot URIs) only while the camera's URIs are unknown.
 */
export function createOnvifCheck(cache: OnvifMediaCache, rejects: RejectCounter): CameraCheck {
  return {
    name: 'onvif',
    deepOnly: false,
    failCause: 'onvif_failing',
    maxShare: 0.35,
    async run(input: CheckInput): Promise<CheckOutput> {
      const { target } = input;
      if (!target.onvifUrl) return skipped('no ONVIF address (static RTSP camera)');
      if (input.evidence.reachable === false) return skipped('camera unreachable');
      const conn = { xaddr: target.onvifUrl, username: target.username, password: target.password };
      const call = { signal: input.signal, timeoutMs: input.timeoutMs };
      const known = cache.get(target.cameraId);
      const needMedia = (!target.rtspUrl && !known?.rtspUrl) || (!target.snapshotUrl && !known);
      try {
        if (needMedia) {
          const id = await readOnvifIdentity(conn, call);
          const profile = mainProfile(id.profiles);
          const media = { rtspUrl: profile?.rtspUrl ?? null, snapshotUrl: profile?.snapshotUrl ?? null };
          cache.set(target.cameraId, media);
          return {
            outcome: 'pass',
            causes: [],
            detail: `${id.manufacturer} ${id.model}, ${id.profiles.length} profile(s)`,
            learned: { streamUrl: target.rtspUrl ?? media.rtspUrl, snapshotUrl: target.snapshotUrl ?? media.snapshotUrl },
          };
        }
        const ping = await pingOnvif(conn, call);
        return {
          outcome: 'pass',
          causes: [],
          detail: `${ping.manufacturer} ${ping.model}${ping.clockRead ? '' : ' (device clock not readable)'}`,
          learned: { streamUrl: target.rtspUrl ?? known?.rtspUrl ?? null, snapshotUrl: target.snapshotUrl ?? known?.snapshotUrl ?? null },
        };
      } catch (error) {
        if (error instanceof RejectedInputError) rejects.add(error.reason);
        if (input.signal.aborted) throw error;
        return {
          outcome: 'fail',
          causes: ['onvif_failing'],
          detail: errorMessage(error),
          learned: { streamUrl: target.rtspUrl ?? known?.rtspUrl ?? null, snapshotUrl: target.snapshotUrl ?? known?.snapshotUrl ?? null },
        };
      }
    },
  };
}
