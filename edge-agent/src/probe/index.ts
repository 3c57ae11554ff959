/** The camera-facing half of the agent: what the core plugs into its CameraProber and CameraDiscovery seams. */
export { createRealProber, type RealProber, type RealProberOptions } from './real-prober.ts';
export { createOnvifDiscovery, cameraIdFor, type OnvifDiscoveryOptions } from '../onvif/onvif-discovery.ts';
export { WS_DISCOVERY_DEFAULTS, type WsDiscoveryOptions } from '../onvif/ws-discovery.ts';
export { DEFAULT_PICTURE_THRESHOLDS, resolvePictureThresholds, type PictureThresholds } from '../picture/picture-thresholds.ts';
export { createSpawnMediaTools, type MediaTools, type SpawnMediaToolsOptions } from './media/media-tools.ts';
export { REJECT_REASONS, RejectCounter, type RejectReason } from './reject-counter.ts';
export { TimeoutError, CancelledError } from './abort-timeout.ts';
export { runCheckReport, type CheckReportOptions, type CheckReportResult, type ReportSink } from '../check-report/index.ts';
