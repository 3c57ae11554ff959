import { connect } from 'node:net';
import { endpointOf, tryParseUrl } from '../probe/media/rtsp-url.ts';

/** How long a reported address gets to accept a connection before the configured one is used instead. */
const REACH_MS = 1000;

function reachable(url: string, signal: AbortSignal, boundMs: number): Promise<boolean> {
  const ep = endpointOf(url);
  if (!ep) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect({ host: ep.host, port: ep.port });
    const timer = setTimeout(() => done(false), boundMs);
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(ok);
    };
    const onAbort = (): void => done(false);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Cameras behind port forwarding (a 4G router in front of the station) report their LAN
 * addresses in GetCapabilities and GetStreamUri: 192.168.1.64:80, unreachable from where the
 * agent stands. Like node-onvif's `keepAddr`, but only when needed: a reported address on
 * another host that does not accept a connection is replaced by the configured host (and,
 * for services on the device's web server, the configured port). Returns the URL to use and
 * a note when it was replaced.
 */
export async function keepReachableAddress(
  reported: string,
  configured: string,
  opts: { samePort: boolean; signal: AbortSignal },
): Promise<{ url: string; note: string | null }> {
  const r = tryParseUrl(reported);
  const c = tryParseUrl(configured);
  if (!r || !c || r.hostname === c.hostname) return { url: reported, note: null };
  if (await reachable(reported, opts.signal, REACH_MS)) return { url: reported, note: null };
  const was = r.host;
  r.hostname = c.hostname;
  if (opts.samePort) r.port = c.port;
  return { url: r.toString(), note: `device reported ${was}, not reachable; kept the configured host ${r.host}` };
}
