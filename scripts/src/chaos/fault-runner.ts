import type { Inventory } from '@camwatch/config';
import type { MosquittoServer, PostgresServer } from '@camwatch/testkit';
import { PICTURE_FAULTS } from '../simulator/fault-profile.ts';
import { rngFor, type Rng } from '../simulator/prng.ts';
import type { FaultKind, FaultStep } from './fault-plan.ts';
import type { FleetShards } from './fleet-shards.ts';
import type { HubSupervisor } from '../hub-child/hub-supervisor.ts';
import type { ScriptedCamera, StatusTruth } from './status-truth.ts';
import { sleep } from './abortable-sleep.ts';

export interface ChaosWorld {
  inventory: Inventory;
  mosquitto: MosquittoServer;
  postgres: PostgresServer;
  hub: HubSupervisor;
  fleet: FleetShards;
  truth: StatusTruth;
  seed: number;
  log: (line: string) => void;
}

/** Picks `share` of `items` (at least one), seeded. */
function pick<T>(items: readonly T[], share: number, rng: Rng): T[] {
  const n = Math.max(1, Math.round(items.length * share));
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/**
 * Carries out fault steps against the running system, one promise per step so they overlap.
 * Every scripted camera and power fault is written to the truth first.
 */
export class FaultRunner {
  readonly counts: Partial<Record<FaultKind, number>> = {};
  private readonly rng: Rng;
  private readonly faultyCameras = new Set<string>();
  private readonly uplinkCut = new Set<string>();
  /** Every station a station fault touched (uplink, power, its simulator process killed). */
  readonly touched = new Set<string>();
  private shardTurn = 0;
  /** Per station, the periods its agent was not running (power cut, simulator process killed): [from, to or null while still down]. */
  private readonly down = new Map<string, Array<[number, number | null]>>();
  private readonly locks = new Map<FaultKind, Promise<void>>();
  private readonly began = Date.now();

  constructor(private readonly w: ChaosWorld) {
    this.rng = rngFor(w.seed, 'chaos', 'faults');
  }

  /** Runs the plan from now; resolves when every step (and its recovery) is done. */
  async run(plan: readonly FaultStep[]): Promise<void> {
    const t0 = Date.now();
    await Promise.all(
      plan.map(async (step) => {
        await sleep(Math.max(0, t0 + step.at - Date.now()));
        this.counts[step.kind] = (this.counts[step.kind] ?? 0) + 1;
        await this.exclusive(step.kind, async () => {
          this.note(`${step.kind} ${JSON.stringify({ ...step, kind: undefined, at: undefined })}`);
          await this.apply(step);
          this.note(`${step.kind} done`);
        });
      }),
    );
  }

  /**
   * Faults of one kind never overlap each other (a restart is not restarted); different kinds do,
   * except the two broker faults, which act on the same process.
   */
  private exclusive(kind: FaultKind, fn: () => Promise<void>): Promise<void> {
    const lock = kind === 'brokerKill' ? 'brokerRestart' : kind;
    const next = (this.locks.get(lock) ?? Promise.resolve()).then(fn);
    // The chain only orders the steps; a step's failure reaches its caller through `next`.
    this.locks.set(
      lock,
      next.then(
        () => undefined,
        () => undefined,
      ),
    );
    return next;
  }

  /** End of the fault phase: every uplink back (timed cuts have normally ended already). */
  async restoreUplinks(): Promise<void> {
    await this.w.fleet.restoreUplink([...this.uplinkCut]);
    this.uplinkCut.clear();
  }

  /** Power back for every station still without (after the status check). */
  async restoreAllPower(): Promise<void> {
    const off = this.w.truth.unpoweredStations();
    for (const id of off) this.w.truth.setPowered(id, true);
    await this.w.fleet.restorePower(off);
    this.upAgain(off);
  }

  /** How long the station's agent was scripted not to run, up to `until` (ms). */
  downMs(stationId: string, until: number): number {
    return (this.down.get(stationId) ?? []).reduce((sum, [from, to]) => sum + Math.max(0, Math.min(to ?? until, until) - from), 0);
  }

  private goneDown(ids: Iterable<string>): void {
    const now = Date.now();
    for (const id of ids) {
      const periods = this.down.get(id) ?? [];
      if (periods.at(-1)?.[1] !== null || periods.length === 0) periods.push([now, null]);
      this.down.set(id, periods);
    }
  }

  private upAgain(ids: Iterable<string>): void {
    const now = Date.now();
    for (const id of ids) {
      const last = this.down.get(id)?.at(-1);
      if (last && last[1] === null) last[1] = now;
    }
  }

  private async apply(step: FaultStep): Promise<void> {
    const { w } = this;
    switch (step.kind) {
      case 'brokerRestart':
        await w.mosquitto.stop();
        await sleep(step.downMs);
        await w.mosquitto.start();
        return;
      case 'brokerKill':
        await w.mosquitto.stop(true);
        await sleep(step.downMs);
        await w.mosquitto.start();
        return;
      case 'hubCrash':
        await w.hub.crash(step.downMs);
        return;
      case 'databaseRestart':
        await w.postgres.stop(step.mode);
        await sleep(step.downMs);
        await w.postgres.start();
        return;
      case 'uplinkWave': {
        const ids = pick(
          w.inventory.stations.map((s) => s.id),
          step.share,
          this.rng,
        );
        for (const id of ids) {
          this.uplinkCut.add(id);
          this.touched.add(id);
        }
        await w.fleet.cutUplink(ids, step.forMs);
        return;
      }
      case 'powerCuts': {
        const powered = w.inventory.stations.map((s) => s.id).filter((id) => w.truth.expectedStation(id) === 'online');
        const ids = pick(powered, step.share, this.rng);
        for (const id of ids) {
          w.truth.setPowered(id, false);
          this.touched.add(id);
        }
        this.goneDown(ids);
        await w.fleet.powerCut(ids);
        if (step.restoreAfterMs === null) return;
        await sleep(step.restoreAfterMs);
        for (const id of ids) w.truth.setPowered(id, true);
        await w.fleet.restorePower(ids);
        this.upAgain(ids);
        return;
      }
      case 'shardCrash':
        await this.crashShard(this.shardTurn++ % w.fleet.shards.length, step.downMs);
        return;
      case 'cameraFaults':
        await this.cameraFaults(step.share, step.restoreShare);
        return;
    }
  }

  private async crashShard(shard: number, downMs: number): Promise<void> {
    const { fleet, truth } = this.w;
    for (const id of fleet.stationsOf(shard)) this.touched.add(id);
    const powered = fleet.stationsOf(shard).filter((id) => truth.expectedStation(id) === 'online');
    this.goneDown(powered);
    await fleet.kill(shard);
    await sleep(downMs);
    await fleet.restart(shard);
    this.upAgain(powered);
    // The restarted process knows nothing of the faults scripted before: give them back.
    const stations = new Set(fleet.stationsOf(shard));
    const cameras = this.w.inventory.cameras.filter((c) => stations.has(c.stationId) && this.faultyCameras.has(c.id));
    await this.scriptCameras(
      cameras.map((c) => c.id),
      (id) => truth.condition(id),
    );
    const off = [...stations].filter((id) => truth.expectedStation(id) === 'offline');
    if (off.length) await fleet.powerCut(off);
  }

  private async cameraFaults(share: number, restoreShare: number): Promise<void> {
    const { inventory, fleet, truth } = this.w;
    if (restoreShare > 0 && this.faultyCameras.size > 0) {
      const back = pick([...this.faultyCameras], restoreShare, this.rng);
      for (const id of back) {
        truth.setCamera(id, 'ok');
        this.faultyCameras.delete(id);
      }
      await fleet.restoreCamera(back);
    }
    const healthy = inventory.cameras.map((c) => c.id).filter((id) => !this.faultyCameras.has(id));
    const chosen = pick(healthy, share, this.rng);
    const conditions = new Map<string, ScriptedCamera>(
      chosen.map((id) => [id, this.rng() < 0.5 ? 'dead' : PICTURE_FAULTS[Math.floor(this.rng() * PICTURE_FAULTS.length)]!]),
    );
    for (const [id, c] of conditions) {
      truth.setCamera(id, c);
      this.faultyCameras.add(id);
    }
    await this.scriptCameras([...conditions.keys()], (id) => conditions.get(id)!);
  }

  private async scriptCameras(ids: readonly string[], conditionOf: (id: string) => ScriptedCamera): Promise<void> {
    const byCondition = new Map<ScriptedCamera, string[]>();
    for (const id of ids) {
      const c = conditionOf(id);
      byCondition.set(c, [...(byCondition.get(c) ?? []), id]);
    }
    for (const [c, list] of byCondition) {
      if (c === 'dead') await this.w.fleet.killCamera(list);
      else if (c === 'ok') await this.w.fleet.restoreCamera(list);
      else await this.w.fleet.setPicture(list, c);
    }
  }

  private note(text: string): void {
    this.w.log(`+${((Date.now() - this.began) / 1000).toFixed(1)}s (${Math.floor(Date.now() / 1000)}) ${text}`);
  }
}
