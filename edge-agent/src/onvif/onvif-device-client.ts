import onvif, { type OnvifDeviceClass } from 'node-onvif';
import { errorMessage, raceSignal } from '../probe/abort-timeout.ts';
import { RejectedInputError } from '../probe/reject-counter.ts';
import { responseBody, toDeviceInfo, toMediaProfiles, type OnvifDeviceInfo, type OnvifIdentity } from './onvif-identity.ts';

export interface OnvifConnection {
  /** Device service URL (XAddr), e.g. http://192.0.2.10/onvif/device_service. */
  xaddr: string;
  username: string | null;
  password: string | null;
}

export interface OnvifCallOptions {
  signal: AbortSignal;
  timeoutMs: number;
}

/** Any ONVIF failure: network, SOAP fault, refused credentials, or an answer we could not use. */
export class OnvifError extends Error {
  override readonly name = 'OnvifError';
}

export interface OnvifPing extends OnvifDeviceInfo {
  /** False when GetSystemDateAndTime failed: WS-Security then used our clock, which some devices refuse. */
  clockRead: boolean;
}

function open(conn: OnvifConnection): OnvifDeviceClass {
  try {
    return new onvif.OnvifDevice({ xaddr: conn.xaddr, user: conn.username ?? '', pass: conn.password ?? '' });
  } catch (error) {
    // node-onvif validates in its constructor (non-ASCII password, `<` in a user name).
    throw new OnvifError(`cannot address ${conn.xaddr}: ${errorMessage(error)}`);
  }
}

async function call<T>(work: () => Promise<T>, what: string, opts: OnvifCallOptions): Promise<T> {
  try {
    return await raceSignal(work(), opts.signal, `ONVIF ${what}`, opts.timeoutMs);
  } catch (error) {
    if (error instanceof OnvifError || error instanceof RejectedInputError || opts.signal.aborted) throw error;
    throw new OnvifError(`ONVIF ${what}: ${errorMessage(error)}`);
  }
}

/**
 * Full identity: node-onvif's init (GetSystemDateAndTime, GetCapabilities,
 * GetDeviceInformation, GetProfiles, GetStreamUri per transport, GetSnapshotUri).
 */
export function readOnvifIdentity(conn: OnvifConnection, opts: OnvifCallOptions): Promise<OnvifIdentity> {
  const device = open(conn);
  return call(async () => {
    const info = toDeviceInfo(await device.init());
    return { ...info, profiles: toMediaProfiles(device.getProfileList()) };
  }, 'identity', opts);
}

/** Device clock (for WS-Security) then GetDeviceInformation: the "ONVIF answering" check, two requests. */
export function pingOnvif(conn: OnvifConnection, opts: OnvifCallOptions): Promise<OnvifPing> {
  const device = open(conn);
  return call(async () => {
    const clockRead = await readClock(device);
    const result = await device.services.device.getDeviceInformation();
    return { ...toDeviceInfo(responseBody(result.data, 'GetDeviceInformation')), clockRead };
  }, 'GetDeviceInformation', opts);
}

/** SystemReboot; resolves with the device's message ("Rebooting in 30 seconds"). */
export function rebootOnvif(conn: OnvifConnection, opts: OnvifCallOptions): Promise<string> {
  const device = open(conn);
  return call(async () => {
    await readClock(device);
    const result = await device.services.device.reboot();
    const body = responseBody(result.data, 'SystemReboot');
    const message = typeof body === 'object' && body !== null ? (body as { Message?: unknown }).Message : undefined;
    return typeof message === 'string' ? message.slice(0, 200) : 'reboot accepted';
  }, 'SystemReboot', opts);
}

/**
 * Reads the device clock so node-onvif signs WS-Security tokens in device time. A device
 * that does not implement it still gets the request signed with our clock: the outcome is
 * returned, and the next call fails visibly if the device needed it.
 */
async function readClock(device: OnvifDeviceClass): Promise<boolean> {
  return device.services.device.getSystemDateAndTime().then(
    () => true,
    () => false,
  );
}
