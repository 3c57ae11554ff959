import { CAMERA_CLOCK_SKEW_MAX_MS, type CameraCause } from '@camwatch/config';
import { OnvifIdentityCache } from '../../onvif/onvif-identity-cache.ts';
import { readOnvifIdentity, pingOnvif, type OnvifConnection } from '../../onvif/onvif-device-client.ts';
import { OnvifError, onvifFailureText } from '../../onvif/onvif-errors.ts';
import type { OnvifIdentity } from '../../onvif/onvif-identity.ts';
import { CancelledError } from '../abort-timeout.ts';
import { RejectedInputError, type RejectCounter } from '../reject-counter.ts';
import { skipped, type CameraCheck, type CheckInput, type CheckOutput, type ProbeEvidence } from './camera-check.ts';

/** Device clock this far from ours is named in the detail; beyond CAMERA_CLOCK_SKEW_MAX_MS it is the `clock_skew` cause. */
const CLOCK_NOTE_MS = 10_000;

const skewed = (offsetMs: number | null): CameraCause[] =>
  offsetMs !== null && Math.abs(offsetMs) > CAMERA_CLOCK_SKEW_MAX_MS ? ['clock_skew'] : [];

function clockText(offsetMs: number | null): string {
  if (offsetMs === null) return ' (device clock not readable)';
  if (Math.abs(offsetMs) < CLOCK_NOTE_MS) return '';
  const s = Math.round(Math.abs(offsetMs) / 1000);
  const min = Math.round(s / 60);
  const span = s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(min / 60)} h ${min % 60} min`;
  return ` (device clock ${span} ${offsetMs > 0 ? 'ahead' : 'behind'})`;
}

/**
 * Does the camera answer ONVIF? The identity (maker, model, profiles, stream and snapshot
 * URIs of the watched channel) is read once and cached; later probes ask two cheap
 * questions (clock, GetDeviceInformation) and re-read the identity only when the device
 * changed (serial, firmware) or the address or credentials did. A failed identity read is
 * retried with backoff, its reason kept in the detail meanwhile.
 */
export function createOnvifCheck(cache: OnvifIdentityCache, rejects: RejectCounter): CameraCheck {
  return {
    name: 'onvif',
    deepOnly: false,
    failCause: 'onvif_failing',
    maxShare: 0.35,
    async run(input: CheckInput): Promise<CheckOutput> {
      const { target } = input;
      if (!target.onvifUrl) return skipped('no ONVIF address (static RTSP camera)');
      if (input.evidence.reachable === false) return skipped('camera unreachable');
      const conn: OnvifConnection = { xaddr: target.onvifUrl, username: target.username, password: target.password };
      const call = { signal: input.signal, timeoutMs: input.timeoutMs };
      const channel = target.onvifChannel ?? 1;
      const fp = OnvifIdentityCache.fingerprint(conn.xaddr, conn.username, conn.password);
      const learned = (id: OnvifIdentity | null): Partial<ProbeEvidence> => {
        const ch = id?.channels.find((c) => c.channel === channel) ?? null;
        return {
          streamUrl: target.rtspUrl ?? ch?.rtspUrl ?? null,
          snapshotUrl: target.snapshotUrl ?? ch?.snapshotUrl ?? null,
          identity: id ? { make: id.manufacturer, model: id.model, firmware: id.firmware } : null,
        };
      };
      const fail = (detail: string, id: OnvifIdentity | null): CheckOutput => ({
        outcome: 'fail',
        causes: ['onvif_failing'],
        detail,
        learned: learned(id),
      });

      const cached = cache.identity(target.cameraId, fp);
      const pending = cached ? null : cache.pendingFailure(target.cameraId, fp);
      try {
        if (!cached && !pending) {
          try {
            const id = await readOnvifIdentity(conn, call, { channels: [channel] });
            const ch = id.channels.find((c) => c.channel === channel);
            if (!ch) throw new OnvifError('bad_response', `the device has ${id.channels.length} channel(s), not channel ${channel}`);
            cache.succeeded(target.cameraId, fp, id);
            const notes = id.notes.length > 0 ? `; ${id.notes.join('; ')}` : '';
            return {
              outcome: 'pass',
              causes: skewed(id.clockOffsetMs),
              detail: `${id.manufacturer} ${id.model}, channel ${channel} of ${id.channels.length}${clockText(id.clockOffsetMs)}${notes}`,
              learned: learned(id),
            };
          } catch (error) {
            if (!(error instanceof CancelledError)) cache.failed(target.cameraId, fp, onvifFailureText(error));
            throw error;
          }
        }
        const ping = await pingOnvif(conn, call);
        if (cached && (ping.serial !== cached.serial || ping.firmware !== cached.firmware)) {
          // Replaced or re-flashed: its profiles and URIs may have changed too.
          cache.forget(target.cameraId);
        }
        if (pending)
          return fail(`answers ONVIF, but ${pending.message} (next identity read in ${Math.ceil(pending.retryInMs / 1000)} s)`, null);
        return {
          outcome: 'pass',
          causes: skewed(ping.clockOffsetMs),
          detail: `${ping.manufacturer} ${ping.model}${clockText(ping.clockOffsetMs)}`,
          learned: learned(cached),
        };
      } catch (error) {
        if (error instanceof RejectedInputError) rejects.add(error.reason);
        if (input.signal.aborted) throw error;
        return fail(onvifFailureText(error), cached);
      }
    },
  };
}
