import type { OnvifProfile } from 'node-onvif';
import { tryParseUrl } from '../probe/media/rtsp-url.ts';
import { RejectedInputError } from '../probe/reject-counter.ts';

/** Who the device says it is (GetDeviceInformation). */
export interface OnvifDeviceInfo {
  manufacturer: string;
  model: string;
  firmware: string | null;
  serial: string | null;
  hardwareId: string | null;
}

/** One media profile with the URIs the agent uses; URIs are null when the device refused them. */
export interface OnvifMediaProfile {
  token: string;
  rtspUrl: string | null;
  snapshotUrl: string | null;
  width: number | null;
  height: number | null;
  encoding: string | null;
}

export interface OnvifIdentity extends OnvifDeviceInfo {
  profiles: OnvifMediaProfile[];
}

/** xml2js gives a string, or `{ _: text, $: attributes }` when the element has attributes. */
function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'object' && value !== null && '_' in value && typeof value._ === 'string') return value._.trim() || null;
  return null;
}

function field(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
}

/** Narrows node-onvif's parsed GetDeviceInformationResponse; a device without maker and model is refused. */
export function toDeviceInfo(raw: unknown): OnvifDeviceInfo {
  const manufacturer = text(field(raw, 'Manufacturer'));
  const model = text(field(raw, 'Model'));
  if (!manufacturer || !model) throw new RejectedInputError('onvif_bad_response', 'GetDeviceInformation without Manufacturer or Model');
  return {
    manufacturer: manufacturer.slice(0, 64),
    model: model.slice(0, 64),
    firmware: text(field(raw, 'FirmwareVersion'))?.slice(0, 64) ?? null,
    serial: text(field(raw, 'SerialNumber'))?.slice(0, 64) ?? null,
    hardwareId: text(field(raw, 'HardwareId'))?.slice(0, 64) ?? null,
  };
}

/** The body of a SOAP result: `data.<Action>Response`. */
export function responseBody(data: unknown, action: string): unknown {
  return field(data, `${action}Response`);
}

function url(value: unknown, schemes: readonly string[]): string | null {
  const s = text(value);
  const parsed = s ? tryParseUrl(s) : null;
  return parsed && schemes.includes(parsed.protocol) ? s : null;
}

function positiveInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

export function toMediaProfiles(list: readonly OnvifProfile[]): OnvifMediaProfile[] {
  return list.map((p) => ({
    token: String(p.token),
    rtspUrl: url(p.stream?.rtsp, ['rtsp:', 'rtsps:']),
    snapshotUrl: url(p.snapshot, ['http:', 'https:']),
    width: positiveInt(p.video?.encoder?.resolution?.width),
    height: positiveInt(p.video?.encoder?.resolution?.height),
    encoding: text(p.video?.encoder?.encoding),
  }));
}

/** The profile the agent watches: the first with an RTSP URI (devices list the main stream first). */
export function mainProfile(profiles: readonly OnvifMediaProfile[]): OnvifMediaProfile | null {
  return profiles.find((p) => p.rtspUrl !== null) ?? profiles[0] ?? null;
}
