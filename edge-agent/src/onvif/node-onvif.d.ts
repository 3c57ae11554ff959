/**
 * Types for node-onvif 0.1.7 (it ships none), limited to what the camwatch adapter calls.
 * Parsed SOAP results stay `unknown`: devices differ, so the adapter narrows them itself.
 * Private fields of the discovery engine are declared because the adapter sets the probe
 * destination and wait (node-onvif hard-codes 239.255.255.250:3702 and 3 s).
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

  export interface OnvifProfileStream {
    udp: string;
    http: string;
    rtsp: string;
  }

  export interface OnvifProfile {
    token: string;
    name: unknown;
    snapshot: string;
    stream: OnvifProfileStream;
    video: {
      source: unknown;
      encoder: {
        resolution: { width: number; height: number };
        framerate: number;
        bitrate: number;
        encoding: unknown;
      } | null;
    };
  }

  export interface SoapResult {
    soap: string;
    converted: unknown;
    data: unknown;
  }

  export interface OnvifDeviceServiceApi {
    getSystemDateAndTime(): Promise<SoapResult>;
    getDeviceInformation(): Promise<SoapResult>;
    reboot(): Promise<SoapResult>;
    getTimeDiff(): number;
  }

  export interface OnvifDeviceParams {
    xaddr: string;
    user?: string;
    pass?: string;
  }

  export class OnvifDeviceClass {
    constructor(params: OnvifDeviceParams);
    readonly services: { device: OnvifDeviceServiceApi };
    init(): Promise<unknown>;
    getInformation(): unknown;
    getProfileList(): OnvifProfile[];
  }

  export interface OnvifDiscoveryEngine {
    OnvifDevice: typeof OnvifDeviceClass;
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
