import type { CameraDiscovery, CameraProber, CameraTarget, CameraVerdict, CapturedSnapshot, CheckContext } from '@camwatch/edge-agent';
import type { CameraCondition, FaultModel } from './fault-model.ts';
import type { PictureFault } from './fault-profile.ts';
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
 * model instead of TCP, ONVIF and ffmpeg. One object serves every station of a fleet.
 *
 * A basic probe cannot see the picture, so, like a real prober, it carries forward what the
 * last deep probe found (a frozen camera stays frozen between picture checks instead of
 * flipping to ok). Only cameras with a bad picture have an entry.
 */
export class SimCameraProber implements CameraProber {
  readonly counters: ProbeCounters = { probes: 0, deepProbes: 0, snapshots: 0, reboots: 0 };
  private readonly lastPictureFault = new Map<string, PictureFault>();

  constructor(
    private readonly faults: FaultModel,
    private readonly simTime: SimTime,
  ) {}

  async probe(target: CameraTarget, ctx: CheckContext, deep: boolean): Promise<CameraVerdict> {
    ctx.signal.throwIfAborted();
    this.counters.probes++;
    if (deep) this.counters.deepProbes++;
    const t = this.simTime();
    const id = target.cameraId;
    let condition = this.faults.camera(id, t);
    if (deep) {
      if (condition.kind === 'picture') this.lastPictureFault.set(id, condition.fault);
      else if (condition.kind === 'ok') this.lastPictureFault.delete(id);
    } else if (condition.kind !== 'dead') {
      const seen = this.lastPictureFault.get(id);
      condition = seen
        ? { kind: 'picture', fault: seen }
        : condition.kind === 'picture' && condition.fault === 'low_fps'
          ? condition
          : { kind: 'ok' };
    }
    return verdictFor(id, condition, deep, t, ctx.referenceHash);
  }

  async snapshot(target: CameraTarget, ctx: CheckContext): Promise<CapturedSnapshot> {
    const { t, condition } = this.reachable(target, ctx, 'no snapshot');
    this.counters.snapshots++;
    return { jpeg: renderSnapshot(target.cameraId, condition, t), width: SNAPSHOT_WIDTH, height: SNAPSHOT_HEIGHT };
  }

  /** A reboot cures a frozen encoder (the usual reason to reboot a camera); nothing else. */
  async reboot(target: CameraTarget, ctx: CheckContext): Promise<void> {
    const { t, condition } = this.reachable(target, ctx, 'cannot reboot');
    this.counters.reboots++;
    if (condition.kind === 'picture' && condition.fault === 'frozen') {
      this.faults.restoreCamera(target.cameraId, t);
      this.lastPictureFault.delete(target.cameraId);
    }
  }

  /** The camera's condition now; throws as a real camera would when it does not answer. */
  private reachable(
    target: CameraTarget,
    ctx: CheckContext,
    what: string,
  ): { t: number; condition: Exclude<CameraCondition, { kind: 'dead' }> } {
    ctx.signal.throwIfAborted();
    const t = this.simTime();
    const condition = this.faults.camera(target.cameraId, t);
    if (condition.kind === 'dead') throw new CameraUnreachableError(`camera ${target.cameraId} unreachable: ${what}`);
    return { t, condition };
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
