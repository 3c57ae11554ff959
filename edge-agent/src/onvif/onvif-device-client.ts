import { errorMessage } from '../probe/abort-timeout.ts';
import { RejectedInputError } from '../probe/reject-counter.ts';
import { OnvifError } from './onvif-errors.ts';
import {
  deviceUtcMs,
  mediaUri,
  toChannels,
  toDeviceInfo,
  toMediaProfiles,
  type OnvifChannel,
  type OnvifDeviceInfo,
  type OnvifIdentity,
} from './onvif-identity.ts';
import { keepReachableAddress } from './service-address.ts';
import { ONVIF_NS, SoapSession } from './soap-client.ts';
import { child, path, text } from './soap-xml.ts';

export { OnvifError } from './onvif-errors.ts';

export interface OnvifConnection {
  /** Device service URL (XAddr), e.g. http://192.0.2.10/onvif/device_service. */
  xaddr: string;
  username: string | null;
  password: string | null;
}

export interface OnvifCallOptions {
  signal: AbortSignal;
  timeoutMs: number;
  /** Counts SOAP calls across a session (tests, logs); a fresh one per call otherwise. */
  session?: SoapSession;
}

export interface OnvifPing extends OnvifDeviceInfo {
  /** Device clock minus ours (ms); null when GetSystemDateAndTime failed (tokens then carry our clock). */
  clockOffsetMs: number | null;
}

export interface IdentityRequest {
  /** Channels whose stream and snapshot URIs are asked for: `all` (discovery of an NVR) or these numbers (a watched camera). */
  channels: 'all' | readonly number[];
}

function session(conn: OnvifConnection, opts: OnvifCallOptions): SoapSession {
  if (opts.session) return opts.session;
  if (conn.username !== null && /[<>&]/.test(conn.username))
    throw new OnvifError('auth', `user name "${conn.username}" cannot be sent in a WS-Security token`);
  return new SoapSession(conn.username, conn.password);
}

/**
 * GetSystemDateAndTime, unsigned: the device clock for WS-Security and the offset we report.
 * A device that refuses it still gets signed requests with our clock; one that cannot be
 * reached or does not answer in time is failed right here, before a signed call is wasted.
 */
async function readClock(s: SoapSession, xaddr: string, opts: OnvifCallOptions): Promise<number | null> {
  const sent = Date.now();
  try {
    const answer = await s.call(xaddr, ONVIF_NS.device, 'GetSystemDateAndTime', '', { ...opts, signed: false });
    const received = Date.now();
    const device = deviceUtcMs(answer);
    // Whole seconds on the wire: the midpoint of the exchange is our best guess of the device's "now".
    s.clockOffsetMs = device === null ? null : device - Math.round((sent + received) / 2);
  } catch (error) {
    if (!(error instanceof OnvifError) || error.kind === 'unreachable') throw error;
    s.clockOffsetMs = null;
  }
  return s.clockOffsetMs;
}

/**
 * Full identity, asking only for what is used: clock, GetDeviceInformation, GetCapabilities
 * (the media service address), GetProfiles, then one GetStreamUri (RTP-Unicast over RTSP,
 * the one transport every Profile S device must give) and one GetSnapshotUri per channel
 * asked for. node-onvif asked GetStreamUri three times per profile, on every profile.
 */
export async function readOnvifIdentity(
  conn: OnvifConnection,
  opts: OnvifCallOptions,
  want: IdentityRequest = { channels: [1] },
): Promise<OnvifIdentity> {
  const s = session(conn, opts);
  const notes: string[] = [];
  const clockOffsetMs = await readClock(s, conn.xaddr, opts);
  const info = toDeviceInfo(await s.call(conn.xaddr, ONVIF_NS.device, 'GetDeviceInformation', '', opts));
  const mediaXaddr = await mediaAddress(s, conn, opts, notes);
  const profiles = toMediaProfiles(await s.call(mediaXaddr, ONVIF_NS.media, 'GetProfiles', '', opts));
  if (profiles.length === 0) throw new OnvifError('bad_response', 'GetProfiles: no video profile');
  const channels: OnvifChannel[] = [];
  for (const ch of toChannels(profiles)) {
    const used = want.channels === 'all' || want.channels.includes(ch.channel);
    if (!used) {
      channels.push({ ...ch, rtspUrl: null, snapshotUrl: null });
      continue;
    }
    const token = `<ProfileToken>${escape(ch.profile.token)}</ProfileToken>`;
    const setup = `<StreamSetup><Stream xmlns="${ONVIF_NS.schema}">RTP-Unicast</Stream><Transport xmlns="${ONVIF_NS.schema}"><Protocol>RTSP</Protocol></Transport></StreamSetup>`;
    // A fault here is the device's own reason for giving no stream: it propagates, whole.
    const reported = mediaUri(await s.call(mediaXaddr, ONVIF_NS.media, 'GetStreamUri', setup + token, opts), ['rtsp:', 'rtsps:']);
    if (!reported) throw new RejectedInputError('onvif_bad_response', `GetStreamUri: no rtsp:// URI for profile ${ch.profile.token}`);
    const rtsp = await keepReachableAddress(explicitPort(reported), conn.xaddr, { samePort: false, signal: opts.signal });
    if (rtsp.note) notes.push(`stream: ${rtsp.note}`);
    let snapshotUrl: string | null = null;
    try {
      const reportedSnap = mediaUri(await s.call(mediaXaddr, ONVIF_NS.media, 'GetSnapshotUri', token, opts), ['http:', 'https:']);
      if (reportedSnap) snapshotUrl = (await keepReachableAddress(reportedSnap, conn.xaddr, { samePort: true, signal: opts.signal })).url;
    } catch (error) {
      // Many cameras have no snapshot URI: the stream frame is the fallback, and the report says why.
      if (!(error instanceof OnvifError) || error.kind === 'unreachable' || error.kind === 'auth') throw error;
      notes.push(`snapshot URI: ${error.message}`);
    }
    channels.push({ ...ch, rtspUrl: rtsp.url, snapshotUrl });
  }
  return { ...info, profiles, channels, clockOffsetMs, notes };
}

/** GetCapabilities' media XAddr, kept on the configured address when the reported one is a LAN address out of reach. */
async function mediaAddress(s: SoapSession, conn: OnvifConnection, opts: OnvifCallOptions, notes: string[]): Promise<string> {
  let reported: string | null = null;
  try {
    const caps = await s.call(conn.xaddr, ONVIF_NS.device, 'GetCapabilities', '<Category>Media</Category>', opts);
    reported = text(path(caps, 'Capabilities', 'Media', 'XAddr'));
  } catch (error) {
    if (!(error instanceof OnvifError) || error.kind === 'unreachable' || error.kind === 'auth') throw error;
    // Some firmware answers GetCapabilities only for Category=All, others not at all: most serve media on the device address.
    notes.push(`capabilities: ${errorMessage(error)}`);
  }
  if (!reported) return conn.xaddr;
  const kept = await keepReachableAddress(reported, conn.xaddr, { samePort: true, signal: opts.signal });
  if (kept.note) notes.push(`media service: ${kept.note}`);
  return kept.url;
}

/** Clock read and GetDeviceInformation: "ONVIF answers, with these credentials", two requests. */
export async function pingOnvif(conn: OnvifConnection, opts: OnvifCallOptions): Promise<OnvifPing> {
  const s = session(conn, opts);
  const clockOffsetMs = await readClock(s, conn.xaddr, opts);
  const info = toDeviceInfo(await s.call(conn.xaddr, ONVIF_NS.device, 'GetDeviceInformation', '', opts));
  return { ...info, clockOffsetMs };
}

/** SystemReboot; resolves with the device's message ("Rebooting in 30 seconds"). */
export async function rebootOnvif(conn: OnvifConnection, opts: OnvifCallOptions): Promise<string> {
  const s = session(conn, opts);
  await readClock(s, conn.xaddr, opts);
  const answer = await s.call(conn.xaddr, ONVIF_NS.device, 'SystemReboot', '', opts);
  return text(child(answer, 'Message'))?.slice(0, 200) ?? 'reboot accepted';
}

/** `rtsp://host/path` → `rtsp://host:554/path`: the port is shown (birth, reachability) and kept when the host is replaced. */
function explicitPort(uri: string): string {
  const u = new URL(uri);
  if (!u.port) u.port = u.protocol === 'rtsps:' ? '322' : '554';
  return u.toString();
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
