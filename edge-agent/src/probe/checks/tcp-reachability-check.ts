import { connect } from 'node:net';
import { endpointOf, type Endpoint } from '../media/rtsp-url.ts';
import { skipped, type CameraCheck, type CheckInput, type CheckOutput } from './camera-check.ts';

/** Connect outcome for one endpoint: null when it accepted, else the reason it did not. */
function tryConnect(ep: Endpoint, signal: AbortSignal): Promise<string | null> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve('no answer in time');
      return;
    }
    const socket = connect({ host: ep.host, port: ep.port });
    const finish = (reason: string | null): void => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(reason);
    };
    const onAbort = (): void => finish('no answer in time');
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish(null));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ECONNREFUSED' ? 'refused' : (error.code ?? error.message)),
    );
  });
}

/**
 * Can anything at the camera's address be reached? The RTSP and ONVIF ports are tried
 * together; one answering is enough (a closed RTSP port with a live web server is a stream
 * fault, not a dead camera).
 */
export function createTcpReachabilityCheck(): CameraCheck {
  return {
    name: 'tcp',
    deepOnly: false,
    failCause: 'unreachable',
    maxShare: 0.2,
    async run(input: CheckInput): Promise<CheckOutput> {
      const eps = [input.target.rtspUrl, input.target.onvifUrl]
        .map((u) => (u ? endpointOf(u) : null))
        .filter((e): e is Endpoint => e !== null)
        .filter((e, i, all) => all.findIndex((o) => o.host === e.host && o.port === e.port) === i);
      if (eps.length === 0) return skipped('no camera address configured');
      const results = await Promise.all(eps.map((e) => tryConnect(e, input.signal)));
      const open = eps.filter((_, i) => results[i] === null);
      const text = eps.map((e, i) => `${e.host}:${e.port} ${results[i] ?? 'open'}`).join(', ');
      if (open.length > 0) return { outcome: 'pass', causes: [], detail: text, learned: { reachable: true } };
      return { outcome: 'fail', causes: ['unreachable'], detail: text, learned: { reachable: false } };
    },
  };
}
