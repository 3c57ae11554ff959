import { DEFAULTS, isValidId } from '@camwatch/config';
import type { Logger } from 'pino';
import { ConcurrencyLimiter } from '../core/concurrency-limiter.ts';
import type { CameraDiscovery, CameraTarget } from '../core/ports.ts';
import { boundedSignal } from '../probe/abort-timeout.ts';
import { tryParseUrl } from '../probe/media/rtsp-url.ts';
import { RejectCounter, RejectedInputError } from '../probe/reject-counter.ts';
import { readOnvifIdentity } from './onvif-device-client.ts';
import { onvifFailureText } from './onvif-errors.ts';
import { probeWsDiscovery, type DiscoveredDevice, type WsDiscoveryOptions } from './ws-discovery.ts';

export interface OnvifDiscoveryOptions {
  logger: Logger;
  /** Discovered cameras get ids `<idPrefix>-<serial or device uuid>`; the station id is the usual prefix. */
  idPrefix: string;
  /** Tried on every device found (installers set one account on all cameras of a station). */
  credentials?: { username: string; password: string } | null;
  /** Probe destination and wait; defaults to the WS-Discovery multicast group, 3 s. */
  probe?: WsDiscoveryOptions;
  /** Bound for reading one device's identity. */
  timeoutMs?: number;
  concurrency?: number;
  rejects?: RejectCounter;
  /** At most this many cameras are returned (the birth message carries 64). */
  maxDevices?: number;
}

/** WS-Discovery, then each device's identity and media URIs over ONVIF, as CameraTargets. */
export function createOnvifDiscovery(opts: OnvifDiscoveryOptions): CameraDiscovery {
  const log = opts.logger.child({ component: 'onvif-discovery' });
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.checkTimeoutMs.value;
  const limiter = new ConcurrencyLimiter(Math.max(1, Math.floor(opts.concurrency ?? DEFAULTS.checkConcurrency.value)));
  const rejects = opts.rejects ?? new RejectCounter();
  const username = opts.credentials?.username ?? null;
  const password = opts.credentials?.password ?? null;

  /** One target per channel: a camera has one, an NVR exposes each of its cameras as a video source with its profiles. */
  async function identify(device: DiscoveredDevice, xaddr: string, signal: AbortSignal): Promise<CameraTarget[]> {
    const base = { onvifUrl: xaddr, username, password };
    try {
      const id = await readOnvifIdentity(
        { xaddr, username, password },
        { signal: boundedSignal(signal, timeoutMs), timeoutMs },
        { channels: 'all' },
      );
      const single = id.channels.length === 1;
      return id.channels.map((ch) => ({
        ...base,
        ...(ch.channel > 1 ? { onvifChannel: ch.channel } : {}),
        cameraId: single
          ? cameraIdFor(opts.idPrefix, id.serial, device.urn)
          : cameraIdFor(opts.idPrefix, id.serial, device.urn, `ch${ch.channel}`),
        make: id.manufacturer,
        model: id.model,
        firmware: id.firmware,
        rtspUrl: ch.rtspUrl,
        snapshotUrl: ch.snapshotUrl,
      }));
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof RejectedInputError) rejects.add(error.reason);
      // Found but not identified (wrong password, broken firmware): still listed, so the
      // technician sees it, and its checks report onvif_failing instead of it vanishing.
      log.warn({ xaddr, urn: device.urn, err: onvifFailureText(error) }, 'ONVIF device found but its identity could not be read');
      return [
        {
          ...base,
          cameraId: cameraIdFor(opts.idPrefix, null, device.urn),
          make: 'unknown',
          model: (device.hardware || device.name || 'unknown').slice(0, 64),
          firmware: null,
          rtspUrl: null,
          snapshotUrl: null,
        },
      ];
    }
  }

  return {
    async discover(signal: AbortSignal): Promise<CameraTarget[]> {
      const found = await probeWsDiscovery(opts.probe ?? {}, signal);
      log.info({ devices: found.length }, 'WS-Discovery round finished');
      const usable: Array<{ device: DiscoveredDevice; xaddr: string }> = [];
      for (const device of found.slice(0, opts.maxDevices ?? 64)) {
        const xaddr = device.xaddrs.find(isHttpUrl);
        if (xaddr) usable.push({ device, xaddr });
        else {
          rejects.add('discovery_bad_xaddr');
          log.warn({ urn: device.urn, xaddrs: device.xaddrs }, 'device announced no usable http XAddr');
        }
      }
      const targets = await Promise.all(usable.map(({ device, xaddr }) => limiter.run(() => identify(device, xaddr, signal))));
      return dedupeIds(targets.flat()).slice(0, opts.maxDevices ?? 64);
    },
  };
}

function isHttpUrl(value: string): boolean {
  const u = tryParseUrl(value);
  return u !== null && (u.protocol === 'http:' || u.protocol === 'https:');
}

/** `<prefix>-<serial>` or `<prefix>-<last 12 hex of the urn>`, reduced to the id alphabet and 64 characters. */
export function cameraIdFor(prefix: string, serial: string | null, urn: string, channel?: string): string {
  const clean = (s: string): string => s.replace(/[^A-Za-z0-9_-]+/g, '');
  const urnTail = clean(urn.replace(/^urn:uuid:/i, ''))
    .replace(/[-_]/g, '')
    .slice(-12);
  const suffix = (serial && clean(serial)) || urnTail || 'camera';
  const tail = channel ? `-${channel}` : '';
  const id = `${`${clean(prefix)}-${suffix}`.slice(0, 64 - tail.length)}${tail}`;
  if (!isValidId(id)) throw new RangeError(`cannot build a camera id from prefix "${prefix}"`);
  return id;
}

/** Two devices reporting the same serial (cloned firmware does that) keep distinct ids. */
function dedupeIds(targets: CameraTarget[]): CameraTarget[] {
  const seen = new Map<string, number>();
  return targets.map((t) => {
    const n = (seen.get(t.cameraId) ?? 0) + 1;
    seen.set(t.cameraId, n);
    return n === 1 ? t : { ...t, cameraId: `${t.cameraId.slice(0, 60)}-${n}` };
  });
}
