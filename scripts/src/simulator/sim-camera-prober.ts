import type { CameraDiscovery, CameraProber, CameraTarget, CameraVerdict, CapturedSnapshot, CheckContext } from '@camwatch/edge-agent/core/ports';
import type { FaultModel } from './fault-model.ts';
import { verdictFor } from './camera-verdicts.ts';
import { renderSnapshot, SNAPSHOT_HEIGHT, SNAPSHOT_WIDTH } from './snapshot-image.ts';

/** Simulated time (ms since the fleet started) as seen by the fault model. */
export type SimTime = () => number;

export class CameraUnreachableError extends Error {
  override readonly name = 'CameraUnreachableError';
}

/** Counts what the simulated cameras were asked to do, for stats and load figures. */
export interface ProbeCounters {
  probes: number;
  deepProbes: number;
  snapshots: number;
  reboots: number;
}

/**
 * The CameraProber the agent core uses in the simulator: answers from the seeded fault
 * model instead of TCP, ONVIF and ffmpeg. Shared by every station of a fleet (it keeps no
 * per-station state), so 100,000 cameras cost one object.
 */
export class SimCameraProber implements CameraProber {
  readonly counters: ProbeCounters = { probes: 0, deepProbes: 0, snapshots: 0, reboots: 0 };

  constructor(
    private readonly faults: FaultModel,
    private readonly simTime: SimTime,
  ) {}

  async probe(target: CameraTarget, ctx: CheckContext, deep: boolean): Promise<CameraVerdict> {
    ctx.signal.throwIfAborted();
    this.counters.probes++;
    if (deep) this.counters.deepProbes++;
    const t = this.simTime();
    return verdictFor(target.cameraId, this.faults.camera(target.cameraId, t), deep, t, ctx.referenceHash);
  }

  async snapshot(target: CameraTarget, ctx: CheckContext): Promise<CapturedSnapshot> {
    ctx.signal.throwIfAborted();
    const t = this.simTime();
    const condition = this.faults.camera(target.cameraId, t);
    if (condition.kind === 'dead') throw new CameraUnreachableError(`camera ${target.cameraId} unreachable: no snapshot`);
    this.counters.snapshots++;
    return { jpeg: renderSnapshot(target.cameraId, condition, t), width: SNAPSHOT_WIDTH, height: SNAPSHOT_HEIGHT };
  }

  /** A reboot cures a frozen encoder (the usual reason to reboot a camera); nothing else. */
  async reboot(target: CameraTarget, ctx: CheckContext): Promise<void> {
    ctx.signal.throwIfAborted();
    const t = this.simTime();
    const condition = this.faults.camera(target.cameraId, t);
    if (condition.kind === 'dead') throw new CameraUnreachableError(`camera ${target.cameraId} unreachable: cannot reboot`);
    this.counters.reboots++;
    if (condition.kind === 'picture' && condition.fault === 'frozen') this.faults.restoreCamera(target.cameraId, t);
  }
}

/** Discovery of a simulated station: its cameras from the inventory, always the same list. */
export class SimCameraDiscovery implements CameraDiscovery {
  constructor(private readonly targets: readonly CameraTarget[]) {}

  async discover(signal: AbortSignal): Promise<CameraTarget[]> {
    signal.throwIfAborted();
    return [...this.targets];
  }
}
