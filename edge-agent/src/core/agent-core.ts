import { createHash } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { DEFAULTS, type PayloadOf } from '@camwatch/config';
import { DailyByteCounter } from '../mqtt/daily-byte-counter.ts';
import { MqttSession } from '../mqtt/mqtt-session.ts';
import { OutboxPump } from '../mqtt/outbox-pump.ts';
import type { OutboxRecord } from '../outbox/outbox-types.ts';
import {
  defaultIntervals,
  defaultLimits,
  type AgentCore,
  type AgentCoreOptions,
  type AgentCoreStats,
  type AgentIntervals,
  type AgentLimits,
  type ReloadedConfig,
} from './agent-core-types.ts';
import { CameraMonitor } from './camera-monitor.ts';
import { CommandHandler } from './command-handler.ts';
import { createCommandActions } from './command-actions.ts';
import { ConcurrencyLimiter } from './concurrency-limiter.ts';
import { createEmitter, type Emit } from './emitter.ts';
import { HealthReporter } from './health-reporter.ts';
import { HubClockTracker } from './hub-clock-tracker.ts';
import { monotonicNow, type CameraDiscovery, type CameraIdentity, type CameraProber, type CameraTarget, type Clock } from './ports.ts';
import { newDevicesOnly } from './camera-dedupe.ts';
import { birthCameras } from './birth-cameras.ts';
import { collectorTargetsFrom } from './collector-targets.ts';
import { SnapshotBudget } from './snapshot-budget.ts';
import { TaskScheduler } from './task-scheduler.ts';

/** Offsets smaller than this are uplink jitter, not a wrong clock: samples keep the edge time. */
const CLOCK_CORRECTION_MIN_MS = 2_000;

const systemClock: Clock = { now: () => Date.now() };
/** Shared by cores given no logger (simulated fleets): a silent pino logger holds no per-station state. */
let silentLogger: Logger | null = null;

/** Starts one station's agent core: scheduler, outbox sender, MQTT session and command handling. */
export function startAgentCore(options: AgentCoreOptions): AgentCore {
  const core = new AgentCoreImpl(options);
  core.start();
  return core;
}

class AgentCoreImpl implements AgentCore {
  readonly stationId: string;
  readonly bootId: string;
  /** The box's own clock: only the hub clock tracker reads it raw (to measure the offset). */
  private readonly clock: Clock;
  /**
   * The box's clock corrected by the hub's beacon: everything the hub compares with its own time
   * (sample and birth timestamps, command expiry, the local day of the byte count) uses this, so a
   * clock 10 minutes fast neither refuses valid commands nor gets births rejected as `ts_future`.
   */
  private readonly hubTime: Clock;
  private readonly log: Logger;
  private readonly random: () => number;
  private intervals: AgentIntervals;
  private limits: AgentLimits;
  /** Replaced by a reload that changes check settings (thresholds, sample lengths, snapshot limits). */
  private prober: CameraProber;
  private discovery: CameraDiscovery | null;
  private readonly startedAt: number;
  private configHash: string;
  private readonly abort = new AbortController();
  private readonly scheduler: TaskScheduler;
  private readonly limiter: ConcurrencyLimiter;
  private readonly bytes: DailyByteCounter;
  private readonly session: MqttSession;
  private readonly pump: OutboxPump;
  private readonly emit: Emit;
  private readonly commands: CommandHandler;
  private readonly health: HealthReporter;
  private readonly hubClock: HubClockTracker;
  private readonly budget: SnapshotBudget;
  private readonly monitors = new Map<string, CameraMonitor>();
  private readonly rejects = new Map<string, number>();
  private readonly counters = { probes: 0, probeErrors: 0, snapshots: 0, snapshotErrors: 0 };
  private staticCameras: CameraTarget[];
  private discovered = new Map<string, CameraTarget>();
  private readonly identities = new Map<string, CameraIdentity>();
  private birthDue: NodeJS.Timeout | null = null;
  private linkUp = true;
  private ended = false;

  constructor(private readonly opts: AgentCoreOptions) {
    this.stationId = opts.stationId;
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.log = (opts.logger ?? (silentLogger ??= pino({ level: 'silent' }))).child({ stationId: opts.stationId });
    this.intervals = { ...defaultIntervals(), ...opts.intervals };
    this.limits = { ...defaultLimits(), ...opts.limits };
    this.staticCameras = opts.cameras;
    this.prober = opts.prober;
    // A collector checks recorders the hub names, at owners' houses: there is no LAN of its own to discover.
    this.discovery = opts.collector ? null : (opts.discovery ?? null);
    this.hubTime = { now: () => this.sampleTime(), monotonic: () => monotonicNow(this.clock) };
    this.startedAt = this.clock.now();
    this.configHash = opts.configHash ?? hashConfig(opts.cameras, this.intervals);
    const outbox = opts.outbox;
    this.bootId = outbox.startBoot(this.startedAt);
    outbox.onThinned = (gaps) => this.log.warn({ gaps }, 'outbox full: oldest records thinned');
    this.scheduler = new TaskScheduler(this.clock);
    this.limiter = new ConcurrencyLimiter(this.limits.checkConcurrency);
    this.bytes = new DailyByteCounter(outbox.loadBytes(), this.startedAt);
    this.emit = createEmitter({
      outbox,
      clock: this.hubTime,
      logger: this.log,
      rejects: this.rejects,
      sent: (r) => this.sent(r),
      active: () => !this.ended,
    });
    this.session = new MqttSession({
      stationId: this.stationId,
      bootId: this.bootId,
      options: {
        keepaliveS: DEFAULTS.keepaliveS.value,
        reconnectMinMs: DEFAULTS.reconnectMinMs.value,
        reconnectMaxMs: DEFAULTS.reconnectMaxMs.value,
        protocol: 'auto',
        willDelayS: DEFAULTS.willDelayS.value,
        sessionExpiryS: DEFAULTS.sessionExpiryS.value,
        ...withoutUndefined(opts.mqtt),
      },
      clock: this.hubTime,
      logger: this.log,
      bytes: this.bytes,
      random: this.random,
      hooks: {
        birth: () => this.birth(),
        onConnected: () => this.pump.connected(),
        onDisconnected: () => this.pump.disconnected(),
        onCommand: (payload) => void this.commands.receive(payload),
        onHubClock: (payload) => this.hubClock.receive(payload),
        ...(opts.collector ? { onCollectorTargets: (payload: Buffer) => this.receiveCollectorTargets(payload) } : {}),
      },
    });
    this.pump = new OutboxPump(outbox, this.session, {
      stationId: this.stationId,
      inflightMax: this.limits.inflightMax,
      replayMaxMsgsPerSec: this.limits.replayMaxMsgsPerSec,
      clock: this.clock,
      logger: this.log,
    });
    this.hubClock = new HubClockTracker({
      clock: this.clock,
      logger: this.log,
      rejects: this.rejects,
      emit: this.emit,
      latencyMs: () => this.health.lastLatencyMs,
    });
    this.budget = new SnapshotBudget({
      bytes: this.bytes,
      clock: this.hubTime,
      settings: () => ({
        budgetBytes: this.limits.dailyByteBudget,
        cameras: this.monitors.size,
        snapshotMs: this.intervals.snapshotMs,
        snapshotMaxBytes: this.limits.snapshotMaxBytes,
        healthMs: this.intervals.healthMs,
        statusRefreshMs: this.intervals.statusRefreshMs,
      }),
      flush: () => this.session.flushByteCount(),
      logger: this.log,
    });
    this.health = new HealthReporter({
      budget: () => this.budget.plan(),
      sampler: opts.health,
      emit: this.emit,
      outbox,
      session: this.session,
      pump: this.pump,
      bytes: this.bytes,
      clock: this.hubTime,
      logger: this.log,
      clockOffsetMs: () => this.hubClock.offsetMs,
    });
    this.commands = new CommandHandler({
      actions: createCommandActions(this.commandContext()),
      emit: this.emit,
      clock: this.hubTime,
      logger: this.log,
      rejects: this.rejects,
    });
  }

  /**
   * Timestamps of samples follow the hub's clock once its beacon has been heard: a station
   * whose clock drifted (no NTP over a flaky 4G link) still files its samples in their true
   * time slots, and the raw offset is reported in health so the clock-skew alert still fires.
   */
  private sampleTime(): number {
    return this.toHubTime(this.clock.now());
  }

  /** A reading of the box's clock as the hub's clock would have read it (once the beacon gave the offset). */
  private toHubTime(raw: number): number {
    const offset = this.hubClock.offsetMs;
    return offset !== null && Math.abs(offset) >= CLOCK_CORRECTION_MIN_MS ? raw - offset : raw;
  }

  start(): void {
    this.emit('event', {
      kind: 'agent_started',
      cameraId: null,
      message: `agent ${this.opts.agentVersion} started, boot ${this.bootId}`,
      gap: null,
    });
    this.session.start();
    this.scheduler.every('health', this.intervals.healthMs, this.firstRun(this.intervals.healthMs, 5_000), () => void this.health.report());
    this.setCameras([...this.staticCameras, ...this.discovered.values()]);
    if (this.discovery) void this.rediscover().catch((err: Error) => this.log.warn({ err: err.message }, 'discovery at start failed'));
  }

  async stop(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.scheduler.stop();
    this.abort.abort(new Error('agent stopping'));
    // Give in-flight messages a moment to be acknowledged; whatever is not stays in the outbox.
    // Real time, not `clock`: a simulator's clock may be skewed or frozen.
    const deadline = Date.now() + 2_000;
    while (this.pump.stats().inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await this.session.stop();
    this.pump.stop();
    this.persistBytes();
  }

  kill(): void {
    if (this.ended) return;
    this.ended = true;
    this.scheduler.stop();
    this.abort.abort(new Error('agent killed'));
    this.session.kill();
    this.pump.stop();
  }

  /**
   * For a host that commits the outbox in groups (the fleet simulator) and lets the pump see only
   * committed records: some just became committed, send them now rather than at the next append.
   */
  outboxCommitted(): void {
    if (!this.ended) this.pump.pump();
  }

  setLinkUp(up: boolean): void {
    this.linkUp = up;
    this.session.setLinkUp(up);
  }

  get connected(): boolean {
    return this.session.connected;
  }

  stats(): AgentCoreStats {
    this.session.flushByteCount();
    const now = this.hubTime.now();
    return {
      stationId: this.stationId,
      bootId: this.bootId,
      connected: this.session.connected,
      connects: this.session.connects,
      protocolVersion: this.session.protocolVersion,
      linkUp: this.linkUp,
      outbox: this.opts.outbox.stats(),
      pump: this.pump.stats(),
      bytesSentToday: this.bytes.today(now).bytes,
      bytesSentTotal: this.bytes.total,
      ...this.counters,
      snapshotsSkipped: this.budget.skipped,
      budget: this.budget.report(),
      healthSent: this.health.sent,
      commandsHandled: this.commands.handled,
      rejects: Object.fromEntries(this.rejects),
      clockOffsetMs: this.hubClock.offsetMs,
      cameras: [...this.monitors.values()].map((m) => m.summary()),
    };
  }

  cameras(): CameraTarget[] {
    return [...this.monitors.values()].map((m) => m.target);
  }

  applyConfig(config: ReloadedConfig): void {
    if (config.prober) this.prober = config.prober;
    if (config.discovery !== undefined) this.discovery = config.discovery;
    if (config.limits) {
      this.limits = { ...this.limits, ...withoutUndefined(config.limits) };
      this.limiter.setLimit(this.limits.checkConcurrency);
      this.pump.setReplayRate(this.limits.replayMaxMsgsPerSec);
    }
    // A collector's cameras are the hub's list, not the file's: a reload changes settings only.
    if (!this.opts.collector) this.staticCameras = config.cameras;
    const cameras = this.staticCameras;
    const before = this.intervals;
    this.intervals = { ...before, ...config.intervals };
    if (config.configHash) this.configHash = config.configHash;
    if (this.intervals.healthMs !== before.healthMs)
      this.scheduler.every('health', this.intervals.healthMs, this.intervals.healthMs, () => void this.health.report());
    const cadenceChanged = this.intervals.probeMs !== before.probeMs || this.intervals.snapshotMs !== before.snapshotMs;
    this.setCameras([...cameras, ...newDevicesOnly(cameras, [...this.discovered.values()])], cadenceChanged);
    this.session.republishBirth();
  }

  /** Collector mode: the hub's list replaces the cameras checked; cameras no longer on it are retired at once. */
  private receiveCollectorTargets(payload: Buffer): void {
    if (this.ended) return;
    const targets = collectorTargetsFrom(payload, this.rejects, this.log);
    if (!targets) return;
    const before = new Set(this.monitors.keys());
    this.staticCameras = targets;
    this.setCameras(targets);
    const added = targets.filter((t) => !before.has(t.cameraId)).length;
    const removed = [...before].filter((id) => !this.monitors.has(id)).length;
    this.log.info({ targets: targets.length, added, removed }, 'collector targets received');
    this.emit('event', {
      kind: 'config_reloaded',
      cameraId: null,
      message: `collector targets: ${targets.length} recorders (${added} added, ${removed} removed)`,
      gap: null,
    });
    this.session.republishBirth();
  }

  async probeNow(cameraId?: string): Promise<void> {
    const targets = [...this.monitors.values()].filter((m) => !cameraId || m.target.cameraId === cameraId);
    await Promise.all(targets.map((m) => m.probe(true)));
  }

  private sent(record: OutboxRecord): void {
    this.pump.appended(record);
  }

  /** Creates, updates or retires camera monitors so they match `targets`. */
  private setCameras(targets: CameraTarget[], reschedule = false): void {
    const wanted = new Map(targets.map((t) => [t.cameraId, t]));
    for (const id of this.monitors.keys()) {
      if (wanted.has(id)) continue;
      this.scheduler.remove(`probe:${id}`);
      this.scheduler.remove(`snapshot:${id}`);
      this.monitors.delete(id);
      this.budget.forget(id);
    }
    let index = 0;
    for (const wantedTarget of wanted.values()) {
      const target = this.withLearnedIdentity(wantedTarget);
      const existing = this.monitors.get(target.cameraId);
      if (existing) {
        existing.target = target;
        if (!reschedule) continue;
      }
      const monitor = existing ?? this.createMonitor(target);
      this.monitors.set(target.cameraId, monitor);
      const { probeMs, snapshotMs } = this.intervals;
      this.scheduler.every(`probe:${target.cameraId}`, probeMs, this.firstRun(probeMs, 500 * index), () => void monitor.probe());
      this.scheduler.every(`snapshot:${target.cameraId}`, snapshotMs, this.firstRun(snapshotMs, 20_000 + 2_000 * index), () =>
        this.scheduledSnapshot(monitor),
      );
      index++;
    }
  }

  /** The byte budget decides whether a scheduled snapshot goes, and how big it may be. */
  private scheduledSnapshot(monitor: CameraMonitor): void {
    const cap = this.budget.scheduled(monitor.target.cameraId, monitor.changedSinceSnapshot);
    if (cap === null) return;
    void monitor.snapshot('scheduled', this.budgetCap(cap));
  }

  /** A budget cap worth passing on: only one below the configured cap (the prober fits to that one anyway). */
  private budgetCap(cap: number): number | undefined {
    return cap < this.limits.snapshotMaxBytes ? cap : undefined;
  }

  /** Maker and model the camera reported over ONVIF win over the configuration's (often "unknown"). */
  private withLearnedIdentity(target: CameraTarget): CameraTarget {
    const id = this.identities.get(target.cameraId);
    return id ? { ...target, make: id.make, model: id.model, firmware: id.firmware ?? target.firmware } : target;
  }

  /** A probe read the camera's identity: keep it, and tell the hub (birth) when it is new or changed. */
  private learnIdentity(cameraId: string, id: CameraIdentity): void {
    const known = this.identities.get(cameraId);
    if (known && known.make === id.make && known.model === id.model && known.firmware === id.firmware) return;
    this.identities.set(cameraId, id);
    const monitor = this.monitors.get(cameraId);
    if (!monitor || this.ended) return;
    monitor.target = this.withLearnedIdentity(monitor.target);
    // At boot every camera is identified within a probe round: one birth for the lot, not one per camera.
    if (this.birthDue) return;
    this.birthDue = setTimeout(() => {
      this.birthDue = null;
      if (!this.ended) this.session.republishBirth();
    }, BIRTH_COALESCE_MS);
    this.birthDue.unref();
  }

  /** The configured prober, reporting identities it read back to the core. */
  private identityAwareProber(): CameraProber {
    // Looked up at each call: a reload may have replaced the prober.
    return {
      probe: async (target, ctx, deep) => {
        const verdict = await this.prober.probe(target, ctx, deep);
        if (verdict.identity) this.learnIdentity(target.cameraId, verdict.identity);
        return verdict;
      },
      snapshot: (target, ctx) => this.prober.snapshot(target, ctx),
      reboot: (target, ctx) => this.prober.reboot(target, ctx),
    };
  }

  private createMonitor(target: CameraTarget): CameraMonitor {
    return new CameraMonitor(target, {
      prober: this.identityAwareProber(),
      limiter: this.limiter,
      emit: this.emit,
      outbox: this.opts.outbox,
      clock: this.hubTime,
      logger: this.log,
      signal: this.abort.signal,
      timing: () => ({
        pictureCheckMs: this.intervals.pictureCheckMs,
        pictureConfirmSamples: this.limits.pictureConfirmSamples,
        statusRefreshMs: this.intervals.statusRefreshMs,
        checkTimeoutMs: this.limits.checkTimeoutMs,
      }),
      counters: this.counters,
      onSnapshot: (jpegBytes, capBytes) => this.budget.taken(jpegBytes, capBytes),
      budgetCap: () => this.budgetCap(this.budget.plan().maxBytes),
    });
  }

  private firstRun(periodMs: number, soonMs: number): number {
    return this.opts.spreadStart ? Math.floor(this.random() * periodMs) : soonMs;
  }

  /** Discovery finds cameras not in the static list; the static entry wins when both name the same id or the same device. */
  private async rediscover(): Promise<{ found: number; added: string[]; lost: string[] }> {
    const discovery = this.discovery;
    if (!discovery) throw new Error('discovery is not enabled on this station');
    const found = await discovery.discover(AbortSignal.any([this.abort.signal, AbortSignal.timeout(30_000)]));
    if (this.ended) return { found: found.length, added: [], lost: [] };
    const next = new Map(newDevicesOnly(this.staticCameras, found).map((c) => [c.cameraId, c]));
    const added = [...next.keys()].filter((id) => !this.discovered.has(id));
    const lost = [...this.discovered.keys()].filter((id) => !next.has(id));
    for (const id of added)
      this.emit('event', { kind: 'camera_discovered', cameraId: id, message: `camera ${id} found by ONVIF discovery`, gap: null });
    // A camera that stopped answering discovery is still watched: the prober will say it is down.
    for (const id of lost) {
      this.emit('event', { kind: 'camera_lost', cameraId: id, message: `camera ${id} no longer answers ONVIF discovery`, gap: null });
      next.set(id, this.discovered.get(id)!);
    }
    this.discovered = next;
    this.setCameras([...this.staticCameras, ...next.values()]);
    if (added.length > 0) this.session.republishBirth();
    return { found: found.length, added, lost };
  }

  private commandContext() {
    return {
      monitors: () => this.monitors,
      rediscover: () => this.rediscover(),
      prober: () => this.prober,
      limiter: this.limiter,
      signal: this.abort.signal,
      checkTimeoutMs: () => this.limits.checkTimeoutMs,
      emit: this.emit,
      reloadConfig: this.opts.reloadConfig
        ? async () => {
            const config = await this.opts.reloadConfig!();
            this.applyConfig(config);
            this.emit('event', {
              kind: 'config_reloaded',
              cameraId: null,
              message: `configuration reloaded: ${config.cameras.length} static cameras`,
              gap: null,
            });
            return config;
          }
        : null,
    };
  }

  private birth(): PayloadOf<'birth'> {
    const { healthMs, probeMs, snapshotMs } = this.intervals;
    return {
      stationId: this.stationId,
      bootId: this.bootId,
      // Birth does not take a sequence number: it tells the hub how far this boot's data has got.
      seq: this.opts.outbox.seq,
      ts: this.hubTime.now(),
      replay: false,
      agentVersion: this.opts.agentVersion.slice(0, 32),
      configHash: this.configHash,
      // In hub time too: the start as the hub's clock would have read it.
      startedAt: this.toHubTime(this.startedAt),
      intervals: { healthMs, probeMs, snapshotMs },
      cameras: birthCameras(this.cameras(), (id) => this.monitors.get(id)?.hasReference ?? false),
      willDelayS: this.session.willDelayS,
    };
  }

  private persistBytes(): void {
    const today = this.bytes.today(this.hubTime.now());
    this.opts.outbox.saveBytes(today.day, today.bytes);
  }
}

/** Identities learned within this long of each other go out in one birth. */
const BIRTH_COALESCE_MS = 1_000;

function hashConfig(cameras: CameraTarget[], intervals: AgentIntervals): string {
  const shape = { cameras: cameras.map((c) => [c.cameraId, c.rtspUrl, c.onvifUrl]), intervals };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 16);
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
