import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Inventory } from '@camwatch/config';
import { ChildHandle } from './child-handle.ts';
import type { FleetProcessConfig, FleetProcessStats } from './fleet-process.ts';

const SCRIPT = fileURLToPath(new URL('./fleet-process.ts', import.meta.url));

export type ShardConfig = Omit<FleetProcessConfig, 'shard' | 'outboxPath'>;

/**
 * The simulated fleet split over `count` processes (station i runs in shard i mod count, as the
 * simulator's own sharding does). Routes every fault to the process that runs the station.
 */
export class FleetShards {
  readonly shards: ChildHandle[];
  readonly outboxPaths: string[];
  private readonly shardOfStation = new Map<string, number>();
  private readonly stationOfCamera = new Map<string, string>();
  /** Fault requests that met a shard down; the shard gets them back from the truth when it restarts. */
  deferred = 0;

  constructor(
    inventory: Inventory,
    dir: string,
    count: number,
    config: ShardConfig,
    /** Node flags for every simulator process (e.g. --cpu-prof for a benchmark). */
    execArgv: string[] = [],
  ) {
    inventory.stations.forEach((s, i) => this.shardOfStation.set(s.id, i % count));
    for (const c of inventory.cameras) this.stationOfCamera.set(c.id, c.stationId);
    this.outboxPaths = Array.from({ length: count }, (_, i) => join(dir, `outbox.${i}.sqlite`));
    this.shards = this.outboxPaths.map(
      (outboxPath, index) =>
        new ChildHandle({
          name: `fleet shard ${index}`,
          script: SCRIPT,
          config: { ...config, outboxPath, shard: { index, count } } satisfies FleetProcessConfig,
          logFile: join(dir, `fleet.${index}.log`),
          // A process of 15,000 stations reads a 40 MB inventory and builds every core before it answers.
          readyTimeoutMs: 300_000,
          execArgv,
        }),
    );
  }

  shardOf(stationId: string): number {
    const i = this.shardOfStation.get(stationId);
    if (i === undefined) throw new RangeError(`station ${stationId} is not in the fleet`);
    return i;
  }

  stationsOf(shard: number): string[] {
    return [...this.shardOfStation].filter(([, i]) => i === shard).map(([id]) => id);
  }

  /** Starts every simulator process and waits for the staggered start-up of all stations. */
  async start(): Promise<void> {
    await this.launch();
    await this.started();
  }

  /** Starts the processes (their stations then boot over the start spread). */
  async launch(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.start()));
  }

  /** Resolves when every station has been booted. */
  async started(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.request('started')));
  }

  /** Power cut of a whole shard in the middle of whatever its agents were writing. */
  kill(shard: number): Promise<void> {
    return this.shards[shard]!.kill();
  }

  async restart(shard: number): Promise<void> {
    await this.shards[shard]!.start();
  }

  cutUplink(stationIds: readonly string[], ms?: number): Promise<void> {
    return this.routeStations('cutUplink', stationIds, ms === undefined ? {} : { ms });
  }

  restoreUplink(stationIds: readonly string[]): Promise<void> {
    return this.routeStations('restoreUplink', stationIds);
  }

  powerCut(stationIds: readonly string[]): Promise<void> {
    return this.routeStations('powerCut', stationIds);
  }

  restorePower(stationIds: readonly string[]): Promise<void> {
    return this.routeStations('restorePower', stationIds);
  }

  killCamera(cameraIds: readonly string[]): Promise<void> {
    return this.routeCameras('killCamera', cameraIds);
  }

  restoreCamera(cameraIds: readonly string[]): Promise<void> {
    return this.routeCameras('restoreCamera', cameraIds);
  }

  setPicture(cameraIds: readonly string[], picture: string): Promise<void> {
    return this.routeCameras('setPicture', cameraIds, { picture });
  }

  /** Sum over the running shards (a killed shard reports nothing until restarted). */
  async stats(): Promise<FleetProcessStats & { shardsRunning: number }> {
    const parts = await Promise.all(this.shards.filter((s) => s.running).map((s) => s.request<FleetProcessStats>('stats')));
    const total = {
      stations: 0,
      booted: 0,
      running: 0,
      connected: 0,
      poweredOff: 0,
      uplinkDown: 0,
      outboxPending: 0,
      produced: 0,
      producedRows: 0,
      sentLive: 0,
      sentReplay: 0,
      acked: 0,
      rssMB: 0,
      cpuUserMs: 0,
      cpuSystemMs: 0,
    };
    for (const p of parts) for (const k of Object.keys(total) as (keyof FleetProcessStats)[]) total[k] += p[k];
    return { ...total, shardsRunning: parts.length };
  }

  async stop(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.stop(20_000)));
  }

  async close(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.close()));
  }

  private async routeStations(op: string, stationIds: readonly string[], extra: Record<string, unknown> = {}): Promise<void> {
    const by = new Map<number, string[]>();
    for (const id of stationIds) by.set(this.shardOf(id), [...(by.get(this.shardOf(id)) ?? []), id]);
    await Promise.all([...by].map(([i, ids]) => this.send(i, op, { stationIds: ids, ...extra })));
  }

  private async routeCameras(op: string, cameraIds: readonly string[], extra: Record<string, unknown> = {}): Promise<void> {
    const by = new Map<number, string[]>();
    for (const id of cameraIds) {
      const shard = this.shardOf(this.stationOfCamera.get(id) ?? '');
      by.set(shard, [...(by.get(shard) ?? []), id]);
    }
    await Promise.all([...by].map(([i, ids]) => this.send(i, op, { cameraIds: ids, ...extra })));
  }

  /**
   * A fault for a shard that is down (crashed by the plan) is not lost: the runner records every
   * fault in the truth first and gives a restarted shard its faults back. Only a running shard
   * that fails a request is an error.
   */
  private async send(shard: number, op: string, args: Record<string, unknown>): Promise<void> {
    const child = this.shards[shard]!;
    if (!child.running) {
      this.deferred++;
      return;
    }
    try {
      await child.request(op, args);
    } catch (err) {
      if (child.running) throw err;
      this.deferred++;
    }
  }
}
