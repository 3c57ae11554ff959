// Public API of the edge agent, for the real CLI (main.ts) and the fleet simulator (scripts/).
export type {
  CameraDiscovery,
  CameraProber,
  CameraTarget,
  CameraVerdict,
  CapturedSnapshot,
  CheckContext,
  Clock,
  HealthReading,
  HealthSampler,
} from './core/ports.ts';
export { startAgentCore } from './core/agent-core.ts';
export {
  defaultIntervals,
  defaultLimits,
  type AgentCore,
  type AgentCoreOptions,
  type AgentCoreStats,
  type AgentIntervals,
  type AgentLimits,
  type ReloadedConfig,
} from './core/agent-core-types.ts';
export type { CameraSummary } from './core/camera-monitor.ts';
export { SqliteOutboxStore, type SqliteOutboxOptions, type StationOutboxOptions } from './outbox/sqlite-outbox-store.ts';
export { StationOutbox } from './outbox/station-outbox.ts';
export { DATA_KINDS, THINNING_ORDER, type DataKind, type OutboxRecord, type OutboxStats, type GapSummary } from './outbox/outbox-types.ts';
export { clientIdFor, type MqttConnectOptions, type MqttTlsOptions } from './mqtt/mqtt-session.ts';
export { OutboxPump, type PumpStats, type RecordPublisher } from './mqtt/outbox-pump.ts';
export { reconnectDelayMs } from './mqtt/backoff.ts';
export { LinuxHealthSampler } from './health/linux-health-sampler.ts';
export { AgentConfig, CameraConfig } from './config/agent-config-schema.ts';
export { AgentConfigError, loadAgentConfig, parseAgentConfig, type LoadedConfig, type ConfigIssue } from './config/load-agent-config.ts';
export { cameraTargetsFrom, staticCameraTarget } from './config/camera-targets.ts';
export { planSnapshots, SNAPSHOT_FRAMING_BYTES, type BudgetPlan, type PlanInput } from './core/byte-budget-planner.ts';
