import { tryParseUrl } from '../probe/media/rtsp-url.ts';
import { RejectedInputError } from '../probe/reject-counter.ts';
import { attr, child, children, path, text } from './soap-xml.ts';

/** Who the device says it is (GetDeviceInformation). */
export interface OnvifDeviceInfo {
  manufacturer: string;
  model: string;
  firmware: string | null;
  serial: string | null;
  hardwareId: string | null;
}

/** One media profile as GetProfiles lists it. */
export interface OnvifMediaProfile {
  token: string;
  /** VideoSourceConfiguration/SourceToken: the physical input (one per channel of an NVR). */
  sourceToken: string;
  width: number | null;
  height: number | null;
  encoding: string | null;
}

/**
 * One camera behind the address: a camera has one video source, an NVR or encoder one per
 * channel. Its main profile is the first listed for that source (devices list main before sub).
 */
export interface OnvifChannel {
  /** 1-based, in the device's order of video sources. */
  channel: number;
  sourceToken: string;
  profile: OnvifMediaProfile;
  /** null when the URI was not asked for (channel not used) or the device had none. */
  rtspUrl: string | null;
  snapshotUrl: string | null;
}

export interface OnvifIdentity extends OnvifDeviceInfo {
  profiles: OnvifMediaProfile[];
  channels: OnvifChannel[];
  /** Device clock minus ours (ms), from GetSystemDateAndTime; null when the device would not say. */
  clockOffsetMs: number | null;
  /** What the adapter corrected or could not get (a LAN address replaced, no snapshot URI), for the report. */
  notes: string[];
}

/** Narrows GetDeviceInformationResponse; a device without maker and model is refused. */
export function toDeviceInfo(raw: unknown): OnvifDeviceInfo {
  const manufacturer = text(child(raw, 'Manufacturer'));
  const model = text(child(raw, 'Model'));
  if (!manufacturer || !model) throw new RejectedInputError('onvif_bad_response', 'GetDeviceInformation without Manufacturer or Model');
  return {
    manufacturer: manufacturer.slice(0, 64),
    model: model.slice(0, 64),
    firmware: text(child(raw, 'FirmwareVersion'))?.slice(0, 64) ?? null,
    serial: text(child(raw, 'SerialNumber'))?.slice(0, 64) ?? null,
    hardwareId: text(child(raw, 'HardwareId'))?.slice(0, 64) ?? null,
  };
}

function positiveInt(value: unknown): number | null {
  const n = Number(text(value));
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** GetProfilesResponse → profiles; a profile without a video source is not a camera picture (audio-only, metadata). */
export function toMediaProfiles(raw: unknown): OnvifMediaProfile[] {
  return children(raw, 'Profiles').flatMap((p) => {
    const token = attr(p, 'token');
    const sourceToken = text(path(p, 'VideoSourceConfiguration', 'SourceToken'));
    if (!token || !sourceToken) return [];
    const enc = child(p, 'VideoEncoderConfiguration');
    return [
      {
        token: token.slice(0, 64),
        sourceToken: sourceToken.slice(0, 64),
        width: positiveInt(path(enc, 'Resolution', 'Width')),
        height: positiveInt(path(enc, 'Resolution', 'Height')),
        encoding: text(child(enc, 'Encoding')),
      },
    ];
  });
}

/** Groups profiles by video source, in the device's order: channel 1 is the first source listed. */
export function toChannels(
  profiles: readonly OnvifMediaProfile[],
): Array<{ channel: number; sourceToken: string; profile: OnvifMediaProfile }> {
  const bySource = new Map<string, OnvifMediaProfile>();
  for (const p of profiles) if (!bySource.has(p.sourceToken)) bySource.set(p.sourceToken, p);
  return [...bySource.entries()].map(([sourceToken, profile], i) => ({ channel: i + 1, sourceToken, profile }));
}

/** The URI inside a GetStreamUri/GetSnapshotUri answer, when it has an accepted scheme. */
export function mediaUri(raw: unknown, schemes: readonly string[]): string | null {
  const s = text(path(raw, 'MediaUri', 'Uri'));
  const parsed = s ? tryParseUrl(s) : null;
  return parsed && schemes.includes(parsed.protocol) ? s : null;
}

/** GetSystemDateAndTime's UTCDateTime in ms since the epoch; null when absent or impossible. */
export function deviceUtcMs(raw: unknown): number | null {
  const utc = path(raw, 'SystemDateAndTime', 'UTCDateTime');
  const n = (p: string[]): number => Number(text(path(utc, ...p)));
  const ms = Date.UTC(
    n(['Date', 'Year']),
    n(['Date', 'Month']) - 1,
    n(['Date', 'Day']),
    n(['Time', 'Hour']),
    n(['Time', 'Minute']),
    n(['Time', 'Second']),
  );
  return Number.isFinite(ms) ? ms : null;
}
