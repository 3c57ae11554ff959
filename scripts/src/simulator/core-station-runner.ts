import type { Logger } from 'pino';
import { startAgentCore } from '@camwatch/edge-agent';
import type { AgentCore, AgentCoreStats, AgentIntervals, AgentLimits, MqttConnectOptions, StationOutbox } from '@camwatch/edge-agent';
import type { FaultModel } from './fault-model.ts';
import { rngFor } from './prng.ts';
import { SimCameraDiscovery, type SimCameraProber } from './sim-camera-prober.ts';
import { SimHealthSampler, SkewedClock } from './sim-station-health.ts';
import type { SimStation, StationRunner } from './station-runner.ts';

export const SIM_AGENT_VERSION = 'sim-1.0.0';

/** What every station of a fleet shares. */
export interface CoreRunnerContext {
  seed: number;
  faults: FaultModel;
  prober: SimCameraProber;
  /** This station's outbox in the fleet's shared SQLite file (survives power cuts: same object, new boot). */
  outbox: (stationId: string) => StationOutbox;
  mqtt: (stationId: string) => MqttConnectOptions;
  intervals?: Partial<AgentIntervals>;
  limits?: Partial<AgentLimits>;
  logger: Logger;
}

/**
 * Runs one simulated station on the edge agent's real core: its scheduler, outbox, MQTT
 * session and command handling, with the simulator's prober, health sampler and clock in
 * place of the real ones. A power cut kills the core (the broker fires the Last Will) and a
 * restart boots a new core with a new boot id on the same outbox.
 */
export class CoreStationRunner implements StationRunner {
  readonly stationId: string;
  private core: AgentCore | null = null;
  private boots = 0;
  private uplink = true;
  private readonly clock: SkewedClock;
  private readonly discovery: SimCameraDiscovery;

  constructor(
    private readonly sim: SimStation,
    private readonly ctx: CoreRunnerContext,
  ) {
    this.stationId = sim.station.id;
    this.clock = new SkewedClock(() => ctx.faults.clockSkewMs(this.stationId));
    this.discovery = new SimCameraDiscovery(sim.targets);
  }

  get running(): boolean {
    return this.core !== null;
  }

  get uplinkUp(): boolean {
    return this.uplink;
  }

  get connected(): boolean {
    return this.core?.connected ?? false;
  }

  get bootId(): string | null {
    return this.core?.bootId ?? null;
  }

  async start(): Promise<void> {
    if (this.core) return;
    const { ctx, stationId } = this;
    this.boots++;
    const bootedAt = this.clock.now();
    this.core = startAgentCore({
      stationId,
      mqtt: ctx.mqtt(stationId),
      prober: ctx.prober,
      discovery: this.discovery,
      health: new SimHealthSampler(ctx.seed, stationId, bootedAt, this.clock, () => this.uplink),
      cameras: this.sim.targets,
      outbox: ctx.outbox(stationId),
      intervals: ctx.intervals,
      limits: ctx.limits,
      clock: this.clock,
      logger: ctx.logger,
      agentVersion: SIM_AGENT_VERSION,
      reloadConfig: async () => ({ cameras: this.sim.targets }),
      // Each station's tasks start at a seeded random point of their period: a fleet that ticks in step would hammer the broker.
      spreadStart: true,
      random: rngFor(ctx.seed, stationId, 'core', String(this.boots)),
    });
    if (!this.uplink) this.core.setLinkUp(false);
  }

  async stop(): Promise<void> {
    const core = this.core;
    this.core = null;
    await core?.stop();
  }

  async powerCut(): Promise<void> {
    const core = this.core;
    this.core = null;
    core?.kill();
  }

  /** The simulator's group commit made this station's newest outbox records durable: let them go. */
  outboxCommitted(): void {
    this.core?.outboxCommitted();
  }

  setUplink(up: boolean): void {
    this.uplink = up;
    this.core?.setLinkUp(up);
  }

  stats(): AgentCoreStats | null {
    return this.core?.stats() ?? null;
  }

  /** Probes now instead of waiting for the schedule (tests, dashboard e2e). */
  async probeNow(cameraId?: string): Promise<void> {
    await this.core?.probeNow(cameraId);
  }
}
