/**
 * Types for node-onvif 0.1.7 (it ships none), limited to its WS-Discovery engine, the only
 * part camwatch uses (device calls go through ./soap-client.ts). Private fields of the
 * engine are declared because the adapter sets the probe destination and wait (node-onvif
 * hard-codes 239.255.255.250:3702 and 3 s).
 */
declare module 'node-onvif' {
  export interface ProbeMatch {
    urn: string;
    name: string;
    hardware: string;
    location: string;
    types: string[] | string;
    xaddrs: string[];
    scopes: string[];
  }

  export interface OnvifDiscoveryEngine {
    startProbe(): Promise<ProbeMatch[]>;
    stopProbe(): Promise<void>;
    _MULTICAST_ADDRESS: string;
    _PORT: number;
    _DISCOVERY_WAIT: number;
    _DISCOVERY_INTERVAL: number;
    _DISCOVERY_RETRY_MAX: number;
    /** The module exports one instance; `new engine.constructor()` gives a private one. */
    constructor: new () => OnvifDiscoveryEngine;
  }

  const onvif: OnvifDiscoveryEngine;
  export default onvif;
}
