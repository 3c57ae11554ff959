import type { AgentIntervals } from '@camwatch/edge-agent';
import type { FaultKind, FaultStep } from './fault-plan.ts';
import type { FalseOutages, Mismatch } from './status-truth.ts';
import type { Accounting } from './sample-accounting.ts';
import type { Cadence } from './settle.ts';

export interface ChaosOptions {
  /** Cameras of the Long An model (default the real 1,696 on 670 stations). */
  cameras: number;
  seed: number;
  /** Simulator processes; a shard crash kills one of them. */
  shards: number;
  /** Length of the fault phase (faults overlap inside it). */
  faultPhaseMs: number;
  /** The faults to run; null: planFaults(faultPhaseMs, brokerKill). An empty plan is a quiet run (the lossy-hub test). */
  faultPlan: FaultStep[] | null;
  /** Add Mosquitto SIGKILLs (production's 60 s autosave) to the planned faults: see planFaults. */
  brokerKill: boolean;
  /** FAULT INJECTION in the hub (HubOptions.faultDropOneIn): null = off, as always outside the tests that prove the run can fail. */
  hubDropOneIn: number | null;
  warmupMs: number;
  /** Longest wait for statuses to match the truth and for every sample to arrive, after the faults. */
  settleTimeoutMs: number;
  /** Agent cadences; null scales the fast ones to the fleet (intervalsFor). */
  intervals: AgentIntervals | null;
  keepaliveS: number;
  /**
   * The hub's MQTT 5 shared-subscription group: null subscribes plainly, undefined keeps the
   * hub's default (plain since Mosquitto was found to drop shared subscriptions on restart,
   * see chaos-broker-restart.test.ts).
   */
  shareGroup: string | null | undefined;
  hubLogLevel: string;
  /** Working directory (default a fresh temp dir); kept after the run when `keepDir`. */
  dir: string | null;
  keepDir: boolean;
  log: (line: string) => void;
}

/** Agent cadences of the chaos run: seconds instead of minutes, so a short run sees many of each. */
export const FAST_INTERVALS: AgentIntervals = {
  healthMs: 2_000,
  probeMs: 3_000,
  pictureCheckMs: 15_000,
  statusRefreshMs: 10_000,
  snapshotMs: 30_000,
};

/**
 * Cadences for a fleet of `stations`: the fast ones up to 200 stations, slower in proportion
 * above (at most 5×), so the message rate stays what one hub on a small machine can take while
 * it also recovers from the faults.
 */
export function intervalsFor(stations: number): AgentIntervals {
  const factor = Math.min(5, Math.max(1, stations / 200));
  return Object.fromEntries(
    Object.entries(FAST_INTERVALS).map(([k, v]) => [k, Math.round((v * factor) / 100) * 100]),
  ) as unknown as AgentIntervals;
}

export const CHAOS_DEFAULTS: ChaosOptions = {
  cameras: 1_696,
  seed: 1,
  shards: 4,
  faultPhaseMs: 45_000,
  faultPlan: null,
  brokerKill: false,
  hubDropOneIn: null,
  warmupMs: 3_000,
  settleTimeoutMs: 90_000,
  intervals: null,
  // Tolerant of a busy machine: a simulator process stalled for a few seconds must not look like 670 dead stations.
  keepaliveS: 15,
  shareGroup: undefined,
  hubLogLevel: 'info',
  dir: null,
  keepDir: false,
  log: (line) => process.stderr.write(`${line}\n`),
};

/**
 * The figures of a run: the message accounting (produced, stored, lost, duplicates, lag: the
 * JSON line the issue asks for), then what the run learned about statuses, faults and recovery.
 */
export interface ChaosResult extends Accounting {
  /** Station and camera statuses that differ from the truth after recovery. */
  mismatches: number;
  /** Heartbeats produced against the fleet's cadence less the scripted downtime. */
  cadence: Cadence;
  /** Offline periods recorded for stations no fault touched (the hub or broker was away, not the station). */
  falseOutages: FalseOutages;
  /** Of the lost messages, those the broker did deliver (to an independent tap): lost inside the hub. */
  lostAfterBroker: number | null;
  thinned: number;
  stations: number;
  cameras: number;
  /** The agents' heartbeat period of the run (the other cadences scale with it). */
  healthMs: number;
  faults: Partial<Record<FaultKind, number>>;
  hubStarts: number;
  /**
   * The hub's own count of messages it found already stored (camwatch_ingest_duplicates_total:
   * redeliveries after a crash or replays), summed over its starts. Normal after faults; the
   * database's `duplicates` above is the check, this says how much work the idempotence absorbed.
   */
  hubDuplicates: number;
  /** Hub or simulator processes that died by themselves (each one a bug; the hub is restarted as systemd would). */
  unplannedExits: number;
  /** From the end of the faults until every produced sample was stored (null: not within the timeout). */
  recoveryMs: number | null;
  statusesSettledMs: number | null;
  mismatchSamples: Mismatch[];
  /** Broker secrets found in any log of the run (hub, simulator processes). */
  leakedSecrets: number;
  durationS: number;
  logDir: string | null;
}
