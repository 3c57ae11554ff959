import onvif, { type OnvifDiscoveryEngine } from 'node-onvif';
import { CancelledError } from '../probe/abort-timeout.ts';

export interface WsDiscoveryOptions {
  /** Where the Probe goes: the WS-Discovery multicast group by default; tests use a loopback responder. */
  address?: string;
  port?: number;
  /** How long to collect ProbeMatches; node-onvif sends 9 probes 150 ms apart meanwhile. */
  waitMs?: number;
}

export const WS_DISCOVERY_DEFAULTS = { address: '239.255.255.250', port: 3702, waitMs: 3000 } as const;

export interface DiscoveredDevice {
  /** WS-Addressing endpoint, usually urn:uuid:…; stable per device. */
  urn: string;
  /** Device service URLs the device announced (often one per interface). */
  xaddrs: string[];
  scopes: string[];
  /** From the onvif://www.onvif.org/name/ and /hardware/ scopes; empty when absent. */
  name: string;
  hardware: string;
}

/**
 * One WS-Discovery round through node-onvif, on a private engine instance (the module's
 * singleton would share state between concurrent rounds) aimed at `address:port`.
 */
export function probeWsDiscovery(opts: WsDiscoveryOptions, signal: AbortSignal): Promise<DiscoveredDevice[]> {
  const engine: OnvifDiscoveryEngine = new onvif.constructor();
  engine._MULTICAST_ADDRESS = opts.address ?? WS_DISCOVERY_DEFAULTS.address;
  engine._PORT = opts.port ?? WS_DISCOVERY_DEFAULTS.port;
  engine._DISCOVERY_WAIT = opts.waitMs ?? WS_DISCOVERY_DEFAULTS.waitMs;
  return new Promise<DiscoveredDevice[]>((resolve, reject) => {
    const onAbort = (): void => {
      // stopProbe closes the socket; the pending startProbe then never settles, so we answer here.
      engine.stopProbe().then(
        () => reject(new CancelledError('WS-Discovery')),
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      );
    };
    if (signal.aborted) {
      reject(new CancelledError('WS-Discovery'));
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    engine.startProbe().then(
      (matches) => {
        signal.removeEventListener('abort', onAbort);
        resolve(
          matches.map((m) => ({
            urn: m.urn,
            xaddrs: m.xaddrs.filter((x) => x.length > 0),
            scopes: m.scopes,
            name: m.name,
            hardware: m.hardware,
          })),
        );
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
