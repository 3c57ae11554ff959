import { pino, type Logger } from 'pino';
import type { Inventory } from '@camwatch/config';
import type { AgentIntervals, AgentLimits, StationOutbox } from '@camwatch/edge-agent';
import { SqliteOutboxStore } from '@camwatch/edge-agent';
import { CoreStationRunner } from './core-station-runner.ts';
import { FaultDriver } from './fault-driver.ts';
import { FaultModel } from './fault-model.ts';
import { FAULT_PROFILES, type FaultProfile, type FaultProfileName } from './fault-profile.ts';
import { FleetControl } from './fleet-control.ts';
import { CommittedOutboxView } from './committed-outbox-view.ts';
import { startGroupCommit } from './group-commit.ts';
import { resolveInventory, simStations, type Shard } from './fleet-stations.ts';
import { ProductionCounter } from './production-counter.ts';
import { hash32 } from './prng.ts';
import { SimCameraProber } from './sim-camera-prober.ts';
import { startStaggered } from './staggered-start.ts';
import { ConnectWindow } from './connect-window.ts';

export interface StationCredentials {
  username: string;
  password: string;
}

export interface RunFleetOptions {
  /** The fleet: an inventory, or the Long An model scaled to `cameras` (default: the real 1,696). */
  inventory?: Inventory;
  cameras?: number;
  /** Broker URL, or several: a station always uses the same one (chosen by hash of its id). */
  mqttUrl: string | readonly string[];
  /** Per-station MQTT credentials; none means anonymous. */
  credentials?: (stationId: string) => StationCredentials | undefined;
  /** The SQLite file holding every simulated station's outbox. */
  outboxPath: string;
  seed: number;
  /** Fault profile by name or a custom one; default `none`. */
  faults?: FaultProfileName | FaultProfile;
  /** Agent cadences (tests use ~1 s). */
  intervals?: Partial<AgentIntervals>;
  limits?: Partial<AgentLimits>;
  keepaliveS?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** MQTT 5 will delay of every station (default: the agent's, DEFAULTS.willDelayS); 0 publishes the Last Will at once. */
  willDelayS?: number;
  /**
   * Stations are booted evenly over this time (default: defaultStartSpreadMs of this process's
   * stations; a sharded fleet passes the whole fleet's figure). A boot
   * is cheap, but its first minute is not: every camera is probed, and its first deep probe takes
   * a reference snapshot (a JPEG to encode and store), so booting too fast makes a burst.
   */
  startSpreadMs?: number;
  /**
   * At most this many booted stations wait for their CONNACK at once (default 200): the start-up
   * then goes as fast as brokers and this process answer, within `startSpreadMs`.
   */
  connectWindow?: number;
  /** Outbox writes of all stations are committed together this often (default 200 ms; see group-commit.ts). */
  commitEveryMs?: number;
  /** How often the seeded station faults are applied (default 1 s). */
  faultTickMs?: number;
  /** Run only this share of the stations (one of several simulator processes). */
  shard?: Shard;
  logger?: Logger;
}

export interface SimulatedFleet extends FleetControl {
  readonly inventory: Inventory;
  readonly stationIds: readonly string[];
  /** Resolves when the staggered start-up has booted every station. */
  readonly started: Promise<void>;
  /** Clean shutdown of every station (retained offline, DISCONNECT), then the outbox file is closed. */
  stop(): Promise<void>;
}

/** 15 ms a station, at most 15 min: 670 stations boot in 10 s, 40,000 in 10 min. */
export function defaultStartSpreadMs(stations: number): number {
  return Math.min(900_000, stations * 15);
}

/**
 * Stations waiting for their connection at once during the start-up. A boot costs the simulator a
 * core, a TCP handshake, CONNECT, birth and state publishes; with 200 a step's work stays well under
 * the stall threshold on this machine, and a broker that answers in milliseconds refills the window
 * at every 50 ms step.
 */
export const DEFAULT_CONNECT_WINDOW = 200;

const brokerFor = (urls: readonly string[], stationId: string): string => urls[hash32(stationId) % urls.length]!;

/** Runs a simulated fleet: one real agent core per station, simulated cameras, seeded faults. */
export function runFleet(options: RunFleetOptions): SimulatedFleet {
  const logger = options.logger ?? pino({ level: 'silent' });
  const urls = typeof options.mqttUrl === 'string' ? [options.mqttUrl] : [...options.mqttUrl];
  if (urls.length === 0) throw new RangeError('runFleet: at least one MQTT URL is needed');
  const profile = typeof options.faults === 'object' ? options.faults : FAULT_PROFILES[options.faults ?? 'none'];
  const inventory = resolveInventory(options);
  const stations = simStations(inventory, options.shard);
  const startedAt = Date.now();
  const simTime = () => Date.now() - startedAt;
  const faults = new FaultModel(options.seed, profile);
  const prober = new SimCameraProber(faults, simTime);
  const store = new SqliteOutboxStore(options.outboxPath, { synchronous: 'NORMAL' });
  const committedOnly = new CommittedOutboxView(store.db, (stationId) => runners.get(stationId)?.outboxCommitted());
  const commits = startGroupCommit(store.db, options.commitEveryMs ?? 200, logger, () => committedOnly.committed());
  const produced = new ProductionCounter();
  const watched = new Map<string, StationOutbox>();
  const outbox = (stationId: string): StationOutbox => {
    let box = watched.get(stationId);
    if (!box) {
      box = committedOnly.watch(produced.watch(store.forStation(stationId)));
      watched.set(stationId, box);
    }
    return box;
  };
  const runners = new Map<string, CoreStationRunner>();
  for (const sim of stations) {
    runners.set(
      sim.station.id,
      new CoreStationRunner(sim, {
        seed: options.seed,
        faults,
        prober,
        outbox,
        mqtt: (stationId) => {
          const creds = options.credentials?.(stationId);
          return {
            url: brokerFor(urls, stationId),
            username: creds?.username ?? null,
            password: creds?.password ?? null,
            ...(options.keepaliveS !== undefined ? { keepaliveS: options.keepaliveS } : {}),
            ...(options.reconnectMinMs !== undefined ? { reconnectMinMs: options.reconnectMinMs } : {}),
            ...(options.reconnectMaxMs !== undefined ? { reconnectMaxMs: options.reconnectMaxMs } : {}),
            ...(options.willDelayS !== undefined ? { willDelayS: options.willDelayS } : {}),
          };
        },
        intervals: options.intervals,
        limits: options.limits,
        logger,
      }),
    );
  }
  const driver = new FaultDriver(runners, faults, simTime, logger);
  driver.start(options.faultTickMs ?? 1000);
  const spreadMs = options.startSpreadMs ?? defaultStartSpreadMs(stations.length);
  // A station whose CONNACK takes longer than a keepalive no longer paces the start-up.
  const connecting = new ConnectWindow(runners, 60_000);
  const startup = startStaggered(
    [...runners.keys()],
    spreadMs,
    (id) => {
      driver.adopt(id);
      connecting.booted(id);
    },
    undefined,
    { waiting: () => connecting.waiting(), max: options.connectWindow ?? DEFAULT_CONNECT_WINDOW },
  );
  logger.info(
    {
      stations: stations.length,
      cameras: stations.reduce((s, st) => s + st.cameras.length, 0),
      brokers: urls.length,
      profile: profile.name,
      spreadMs,
      connectWindow: options.connectWindow ?? DEFAULT_CONNECT_WINDOW,
    },
    'fleet starting',
  );
  const control = new FleetControl({ inventory, stations, runners, faults, driver, prober, produced, simTime, store });

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      startup.cancel();
      driver.stop();
      await Promise.all(
        [...runners.values()].map((r) =>
          r.stop().catch((err: Error) => logger.warn({ stationId: r.stationId, err: err.message }, 'station stop failed')),
        ),
      );
      commits.stop();
      store.close();
      logger.info('fleet stopped');
    })();
    return stopping;
  };

  return Object.assign(control, {
    inventory,
    stationIds: stations.map((s) => s.station.id),
    started: startup.done,
    stop,
  });
}
