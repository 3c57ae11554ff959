import type { Logger } from 'pino';
import type { FaultModel } from './fault-model.ts';
import type { StationRunner } from './station-runner.ts';

/**
 * Makes each station's runner match the fault model: power cut → the core dies (Last Will);
 * power back → a new boot; uplink down/up → the core's link switch. Runs on a coarse tick for
 * the seeded schedule, and at once for a station whose faults were just scripted (the control
 * API also calls `apply` when a timed scripted fault runs out).
 */
export class FaultDriver {
  private timer: NodeJS.Timeout | null = null;
  /**
   * Stations the start-up has reached (the others are not booted yet and are left alone), with
   * the simulated time at which their seeded schedule next changes: the tick skips the rest.
   */
  private readonly live = new Map<string, number>();
  readonly counters = { powerCuts: 0, powerRestores: 0, uplinkCuts: 0, uplinkRestores: 0 };

  constructor(
    private readonly runners: ReadonlyMap<string, StationRunner>,
    private readonly faults: FaultModel,
    private readonly simTime: () => number,
    private readonly logger: Logger,
  ) {}

  start(tickMs: number): void {
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.live.clear();
  }

  /** The staggered start-up reached this station: boot it (unless its power is cut) and keep it in line from now on. */
  adopt(stationId: string): void {
    this.live.set(stationId, -Infinity);
    this.apply(stationId);
  }

  isLive(stationId: string): boolean {
    return this.live.has(stationId);
  }

  tick(): void {
    const t = this.simTime();
    for (const [stationId, nextChange] of this.live) if (t >= nextChange) this.apply(stationId);
  }

  apply(stationId: string): void {
    const runner = this.runners.get(stationId);
    if (!runner || !this.live.has(stationId)) return;
    const t = this.simTime();
    this.live.set(stationId, this.faults.nextStationChange(stationId, t));
    const powered = !this.faults.station(stationId, 'power', t);
    const uplink = !this.faults.station(stationId, 'uplink', t);
    if (runner.uplinkUp !== uplink) {
      runner.setUplink(uplink);
      this.counters[uplink ? 'uplinkRestores' : 'uplinkCuts']++;
      this.logger.info({ stationId, uplink }, uplink ? 'uplink restored' : 'uplink cut');
    }
    if (!powered && runner.running) {
      this.counters.powerCuts++;
      this.logger.info({ stationId }, 'power cut');
      this.report(stationId, runner.powerCut());
    } else if (powered && !runner.running) {
      this.counters.powerRestores++;
      this.logger.info({ stationId }, 'power restored: booting');
      this.report(stationId, runner.start());
    }
  }

  private report(stationId: string, done: Promise<void>): void {
    done.catch((err: Error) => this.logger.error({ stationId, err: err.message }, 'station fault transition failed'));
  }
}
