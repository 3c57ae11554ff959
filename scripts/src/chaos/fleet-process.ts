/**
 * One shard of the simulated fleet in its own process (started by the chaos runner): the agent's
 * real core per station, simulated cameras, the outbox in one SQLite file with the production
 * ledger. SIGKILL of this process is a power cut of all its stations in the middle of whatever
 * they were writing; started again on the same file, every station boots with a new boot id.
 */
import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import type { DataKind, Inventory } from '@camwatch/config';
import { loadCredentialsFile } from '../simulator/credentials-file.ts';
import type { PictureFault } from '../simulator/fault-profile.ts';
import type { FleetStats } from '../simulator/fleet-control.ts';
import { runFleet, type RunFleetOptions } from '../simulator/fleet-runner.ts';
import type { Shard } from '../simulator/fleet-stations.ts';
import { childConfig, serveChild } from './child-endpoint.ts';
import { installLedger } from './produced-ledger.ts';

/** The simulator's own options that travel to the child as they are (JSON). */
type PassedOn =
  'seed' | 'mqttUrl' | 'outboxPath' | 'intervals' | 'limits' | 'keepaliveS' | 'reconnectMinMs' | 'reconnectMaxMs' | 'startSpreadMs';

export interface FleetProcessConfig extends Pick<RunFleetOptions, PassedOn> {
  inventoryFile: string;
  shard: Shard;
  credentialsFile: string | null;
  /** Install the production ledger trigger (chaos accounting); the load run does without. */
  ledger: boolean;
  logLevel: string;
}

/** The simulator's own figures that `stats` answers as they are. */
type StatsPassedOn =
  | 'stations'
  | 'booted'
  | 'running'
  | 'connected'
  | 'poweredOff'
  | 'uplinkDown'
  | 'outboxPending'
  | 'sentLive'
  | 'sentReplay'
  | 'acked'
  | 'rssMB';

/** What `stats` answers: small, so the parent can poll often. */
export interface FleetProcessStats extends Pick<FleetStats, StatsPassedOn> {
  /** Data messages committed to this process's outboxes, all kinds together. */
  produced: number;
  /**
   * Of those, the health, camera status and event messages: the kinds the hub stores one row each of
   * (snapshots are kept by the hour and command replies settle commands), so a load run can set the
   * rows stored against what was produced of the same kinds.
   */
  producedRows: number;
  cpuUserMs: number;
  cpuSystemMs: number;
}

/** Kinds stored as one row each in health_samples, camera_status_samples and station_events. */
const ROW_KINDS = ['health', 'cameraStatus', 'event'] as const satisfies readonly DataKind[];

const ids = (args: Record<string, unknown>, key: string): string[] => {
  const v = args[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new TypeError(`${key} must be an array of ids`);
  return v;
};

async function main(): Promise<void> {
  const { inventoryFile, credentialsFile, ledger, logLevel, ...passedOn } = childConfig<FleetProcessConfig>();
  const logger = pino({ level: logLevel, base: { part: 'fleet', shard: passedOn.shard.index } }, pino.destination(2));
  const inventory = JSON.parse(await readFile(inventoryFile, 'utf8')) as Inventory;
  if (ledger) installLedger(passedOn.outboxPath);
  const fleet = runFleet({
    ...passedOn,
    inventory,
    credentials: credentialsFile ? await loadCredentialsFile(credentialsFile) : undefined,
    // The chaos runner plays every fault itself, through this process's requests.
    faults: 'none',
    faultTickMs: 500,
    logger,
  });
  const each = (key: string, fn: (id: string) => void) => (args: Record<string, unknown>) => {
    for (const id of ids(args, key)) fn(id);
  };
  serveChild(
    {
      started: () => fleet.started,
      stats: (): FleetProcessStats => {
        const s = fleet.stats();
        const cpu = process.cpuUsage();
        return {
          stations: s.stations,
          booted: s.booted,
          running: s.running,
          connected: s.connected,
          poweredOff: s.poweredOff,
          uplinkDown: s.uplinkDown,
          outboxPending: s.outboxPending,
          produced: Object.values(s.produced).reduce((a, n) => a + n, 0),
          producedRows: ROW_KINDS.reduce((a, k) => a + s.produced[k], 0),
          sentLive: s.sentLive,
          sentReplay: s.sentReplay,
          acked: s.acked,
          rssMB: s.rssMB,
          cpuUserMs: Math.round(cpu.user / 1000),
          cpuSystemMs: Math.round(cpu.system / 1000),
        };
      },
      cutUplink: (args) => each('stationIds', (id) => fleet.cutUplink(id, typeof args.ms === 'number' ? args.ms : undefined))(args),
      restoreUplink: each('stationIds', (id) => fleet.restoreUplink(id)),
      powerCut: each('stationIds', (id) => fleet.powerCut(id)),
      restorePower: each('stationIds', (id) => fleet.restorePower(id)),
      killCamera: each('cameraIds', (id) => fleet.killCamera(id)),
      restoreCamera: each('cameraIds', (id) => fleet.restoreCamera(id)),
      setPicture: (args) => each('cameraIds', (id) => fleet.setPicture(id, args.picture as PictureFault | 'ok'))(args),
      stop: () => fleet.stop(),
    },
    { stations: fleet.stationIds.length, pid: process.pid },
  );
}

main().catch((err: unknown) => {
  console.error('fleet process failed:', err);
  process.exit(1);
});
