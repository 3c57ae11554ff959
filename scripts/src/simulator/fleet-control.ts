import type { Inventory } from '@camwatch/config';
import type { SqliteOutboxStore } from '@camwatch/edge-agent';
import type { CoreStationRunner } from './core-station-runner.ts';
import type { FaultDriver } from './fault-driver.ts';
import type { FaultModel } from './fault-model.ts';
import { PICTURE_FAULTS, type PictureFault } from './fault-profile.ts';
import type { KindCounts, ProductionCounter } from './production-counter.ts';
import type { ProbeCounters, SimCameraProber } from './sim-camera-prober.ts';
import type { SimStation } from './station-runner.ts';

export class UnknownSimTargetError extends Error {
  override readonly name = 'UnknownSimTargetError';
}

export interface FleetStats {
  stations: number;
  cameras: number;
  /** Stations the staggered start-up has reached. */
  booted: number;
  /** Agent cores running (booted and powered). */
  running: number;
  /** Running cores with a live MQTT connection. */
  connected: number;
  poweredOff: number;
  uplinkDown: number;
  /** Cameras whose simulated condition is not ok right now (the truth, before any agent saw it). */
  camerasNotOk: number;
  /** Data messages committed to the outboxes, by kind, over the whole run (all boots). */
  produced: KindCounts;
  /** Only when asked for (`stats({ perStation: true })`): a copy per station is 40,000 objects a call. */
  producedByStation?: Record<string, KindCounts>;
  outboxPending: number;
  sentLive: number;
  sentReplay: number;
  acked: number;
  connects: number;
  probes: ProbeCounters;
  transitions: FaultDriver['counters'];
  rssMB: number;
}

export interface FleetControlDeps {
  inventory: Inventory;
  stations: readonly SimStation[];
  runners: ReadonlyMap<string, CoreStationRunner>;
  faults: FaultModel;
  driver: FaultDriver;
  prober: SimCameraProber;
  produced: ProductionCounter;
  simTime: () => number;
  store: SqliteOutboxStore;
}

/**
 * The fault control API of a running fleet: tests and the dashboard's end-to-end test script
 * faults with it deterministically. Camera faults take effect at the camera's next probe;
 * station faults at once.
 */
export class FleetControl {
  private readonly stationOfCamera = new Map<string, string>();

  constructor(private readonly deps: FleetControlDeps) {
    for (const s of deps.stations) for (const c of s.cameras) this.stationOfCamera.set(c.id, s.station.id);
  }

  killCamera(cameraId: string): void {
    this.deps.faults.scriptCamera(this.camera(cameraId), { kind: 'dead' }, this.deps.simTime());
  }

  /** Back to healthy now; the seeded schedule (if any) resumes after its current episode. */
  restoreCamera(cameraId: string): void {
    this.deps.faults.restoreCamera(this.camera(cameraId), this.deps.simTime());
  }

  setPicture(cameraId: string, picture: PictureFault | 'ok'): void {
    if (picture !== 'ok' && !PICTURE_FAULTS.includes(picture))
      throw new UnknownSimTargetError(`unknown picture fault ${JSON.stringify(picture)}`);
    const script = picture === 'ok' ? ({ kind: 'ok' } as const) : ({ kind: 'picture', fault: picture } as const);
    this.deps.faults.scriptCamera(this.camera(cameraId), script, this.deps.simTime());
  }

  /** The camera alternates unreachable / ok every `periodMs`. */
  flapCamera(cameraId: string, periodMs = 2_000): void {
    const t = this.deps.simTime();
    this.deps.faults.scriptCamera(this.camera(cameraId), { kind: 'flapping', periodMs, since: t }, t);
  }

  /** Uplink down for `ms` (default: until restoreUplink); the agent keeps running and buffers. */
  cutUplink(stationId: string, ms?: number): void {
    this.scriptStation(stationId, 'uplink', true, ms);
  }

  restoreUplink(stationId: string): void {
    this.scriptStation(stationId, 'uplink', false);
  }

  /** The station box loses power: its agent dies without DISCONNECT (Last Will) until restorePower. */
  powerCut(stationId: string, ms?: number): void {
    this.scriptStation(stationId, 'power', true, ms);
  }

  /** Power is back: the agent boots with a new boot id on the same outbox. */
  restorePower(stationId: string): void {
    this.scriptStation(stationId, 'power', false);
  }

  setClockSkew(stationId: string, ms: number): void {
    this.deps.faults.setClockSkew(this.station(stationId), ms);
  }

  /** Runs a deep probe of a station's cameras (or one camera) now, instead of at the next tick. */
  async probeNow(stationId: string, cameraId?: string): Promise<void> {
    await this.deps.runners.get(this.station(stationId))!.probeNow(cameraId);
  }

  /** Boot id of the station's running core, null while it has no power. */
  bootId(stationId: string): string | null {
    return this.deps.runners.get(this.station(stationId))!.bootId;
  }

  stationOf(cameraId: string): string {
    return this.stationOfCamera.get(this.camera(cameraId))!;
  }

  stats(options: { perStation?: boolean } = {}): FleetStats {
    const { runners, faults, driver, prober, produced, simTime, stations } = this.deps;
    const t = simTime();
    const out: FleetStats = {
      stations: stations.length,
      cameras: this.stationOfCamera.size,
      booted: 0,
      running: 0,
      connected: 0,
      poweredOff: 0,
      uplinkDown: 0,
      camerasNotOk: 0,
      produced: produced.total(),
      ...(options.perStation ? { producedByStation: produced.all() } : {}),
      outboxPending: 0,
      sentLive: 0,
      sentReplay: 0,
      acked: 0,
      connects: 0,
      probes: { ...prober.counters },
      transitions: { ...driver.counters },
      rssMB: Math.round(process.memoryUsage().rss / 1_048_576),
    };
    for (const runner of runners.values()) {
      if (!driver.isLive(runner.stationId)) continue;
      out.booted++;
      if (!runner.uplinkUp) out.uplinkDown++;
      const s = runner.stats();
      if (!s) {
        out.poweredOff++;
        continue;
      }
      out.running++;
      if (s.connected) out.connected++;
      out.outboxPending += s.outbox.pending;
      out.sentLive += s.pump.sentLive;
      out.sentReplay += s.pump.sentReplay;
      out.acked += s.pump.acked;
      out.connects += s.connects;
    }
    for (const cameraId of this.stationOfCamera.keys()) if (faults.camera(cameraId, t).kind !== 'ok') out.camerasNotOk++;
    return out;
  }

  private scriptStation(stationId: string, fault: 'power' | 'uplink', active: boolean, ms?: number): void {
    const id = this.station(stationId);
    if (ms !== undefined && !(ms > 0)) throw new RangeError(`duration must be positive, got ${ms}`);
    this.deps.faults.scriptStation(id, fault, active, this.deps.simTime(), ms);
    this.deps.driver.apply(id);
    // A timed fault ends by itself; make sure the station follows without waiting for the next tick.
    if (ms !== undefined) setTimeout(() => this.deps.driver.apply(id), ms + 1).unref();
  }

  private camera(cameraId: string): string {
    if (!this.stationOfCamera.has(cameraId)) throw new UnknownSimTargetError(`camera ${cameraId} is not in this simulated fleet`);
    return cameraId;
  }

  private station(stationId: string): string {
    if (!this.deps.runners.has(stationId)) throw new UnknownSimTargetError(`station ${stationId} is not in this simulated fleet`);
    return stationId;
  }
}
