import type { Logger } from 'pino';
import { DEFAULTS } from '@camwatch/config';
import type { MqttConnectOptions } from '../mqtt/mqtt-session.ts';
import type { PumpStats } from '../mqtt/outbox-pump.ts';
import type { OutboxStats } from '../outbox/outbox-types.ts';
import type { StationOutbox } from '../outbox/station-outbox.ts';
import type { CameraSummary } from './camera-monitor.ts';
import type { BudgetReport } from './snapshot-budget.ts';
import type { CameraDiscovery, CameraProber, CameraTarget, Clock, HealthSampler } from './ports.ts';

export interface AgentIntervals {
  healthMs: number;
  probeMs: number;
  pictureCheckMs: number;
  statusRefreshMs: number;
  snapshotMs: number;
}

export interface AgentLimits {
  checkTimeoutMs: number;
  /** Consecutive picture checks agreeing on a new picture fault before it is reported. */
  pictureConfirmSamples: number;
  checkConcurrency: number;
  inflightMax: number;
  replayMaxMsgsPerSec: number;
  /** Bytes per local day the station may send (its 4G plan); snapshots adapt to keep it. */
  dailyByteBudget: number;
  /** The configured snapshot cap (the prober fits to it); the budget may ask for less. */
  snapshotMaxBytes: number;
}

export const defaultIntervals = (): AgentIntervals => ({
  healthMs: DEFAULTS.healthIntervalMs.value,
  probeMs: DEFAULTS.probeIntervalMs.value,
  pictureCheckMs: DEFAULTS.pictureCheckIntervalMs.value,
  statusRefreshMs: DEFAULTS.statusRefreshIntervalMs.value,
  snapshotMs: DEFAULTS.snapshotIntervalMs.value,
});

export const defaultLimits = (): AgentLimits => ({
  checkTimeoutMs: DEFAULTS.checkTimeoutMs.value,
  pictureConfirmSamples: DEFAULTS.pictureConfirmSamples.value,
  checkConcurrency: DEFAULTS.checkConcurrency.value,
  inflightMax: DEFAULTS.inflightMax.value,
  replayMaxMsgsPerSec: DEFAULTS.replayMaxMsgsPerSec.value,
  dailyByteBudget: DEFAULTS.dailyByteBudget.value,
  snapshotMaxBytes: DEFAULTS.snapshotMaxBytes.value,
});

/**
 * What `reload_config` yields: everything the running core can take live. Settings it cannot
 * (station id, broker, outbox file) are refused by the host before it gets here.
 */
export interface ReloadedConfig {
  cameras: CameraTarget[];
  intervals?: Partial<AgentIntervals>;
  limits?: Partial<
    Pick<AgentLimits, 'checkTimeoutMs' | 'checkConcurrency' | 'replayMaxMsgsPerSec' | 'dailyByteBudget' | 'snapshotMaxBytes'>
  >;
  /** A prober built from changed check settings (thresholds, sample lengths, snapshot limits); absent keeps the running one. */
  prober?: CameraProber;
  /** Discovery built from changed settings; absent keeps the running one, null turns it off. */
  discovery?: CameraDiscovery | null;
  configHash?: string;
}

export interface AgentCoreOptions {
  stationId: string;
  mqtt: MqttConnectOptions;
  prober: CameraProber;
  discovery?: CameraDiscovery | null;
  health: HealthSampler;
  /** The static camera list; discovered cameras are added to it. */
  cameras: CameraTarget[];
  /** This station's outbox (`new SqliteOutboxStore(path).forStation(stationId)`); the caller owns and closes the store. */
  outbox: StationOutbox;
  intervals?: Partial<AgentIntervals>;
  limits?: Partial<AgentLimits>;
  clock?: Clock;
  logger?: Logger;
  agentVersion: string;
  configHash?: string;
  reloadConfig?: () => Promise<ReloadedConfig>;
  /**
   * Collector mode (issue 16 item 4): the station checks consenting owners' recorders that the hub
   * lists on its retained `collectorTargets` topic, instead of cameras of its own; no discovery.
   */
  collector?: boolean;
  /** Random first run of every periodic task within its period, so a simulated fleet does not tick in step. */
  spreadStart?: boolean;
  /** Source of jitter (reconnect, spread start); seeded in the simulator for reproducible runs. */
  random?: () => number;
}

export interface AgentCoreStats {
  stationId: string;
  bootId: string;
  connected: boolean;
  connects: number;
  /** MQTT protocol level of the current (or next) connection: 5, or 4 (3.1.1) after a broker refused 5 or by configuration. */
  protocolVersion: 4 | 5;
  linkUp: boolean;
  outbox: OutboxStats;
  pump: PumpStats;
  bytesSentToday: number;
  /** Bytes written since this core started (all days). */
  bytesSentTotal: number;
  probes: number;
  probeErrors: number;
  snapshots: number;
  snapshotErrors: number;
  /** Scheduled snapshots the daily byte budget held back. */
  snapshotsSkipped: number;
  /** The byte budget's current plan (mode, caps, projected end-of-day bytes). */
  budget: BudgetReport;
  healthSent: number;
  commandsHandled: number;
  /** Inputs refused at the edge, by reason (invalid commands, messages not matching the contract). */
  rejects: Record<string, number>;
  clockOffsetMs: number | null;
  cameras: CameraSummary[];
}

export interface AgentCore {
  readonly stationId: string;
  readonly bootId: string;
  /** Whether the MQTT session is up now (cheaper than stats() for a host polling thousands of cores). */
  readonly connected: boolean;
  /** Graceful: checks aborted, in-flight messages given a moment, retained `offline`, DISCONNECT. The outbox keeps the rest. */
  stop(): Promise<void>;
  /** As if the process died: no DISCONNECT (the broker fires the Last Will), nothing more written. */
  kill(): void;
  /** Cut or restore the uplink (simulator, tests); while down nothing reconnects and the outbox fills. */
  setLinkUp(up: boolean): void;
  /** A host that commits the outbox in groups (the simulator) says records just became committed: send them. */
  outboxCommitted(): void;
  stats(): AgentCoreStats;
  cameras(): CameraTarget[];
  /** Replaces the camera list (static + discovered) and, optionally, the cadences. */
  applyConfig(config: ReloadedConfig): void;
  /** Runs one probe of every camera (or one) now; resolves when they are reported. */
  probeNow(cameraId?: string): Promise<void>;
}
