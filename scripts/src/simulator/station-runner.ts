import type { Camera, Station } from '@camwatch/config';
import type { CameraTarget } from '@camwatch/edge-agent';

/** One simulated station as the fleet runner hands it to a StationRunner. */
export interface SimStation {
  station: Station;
  cameras: Camera[];
  targets: CameraTarget[];
}

/**
 * The loop of one simulated station. The fleet runner drives every fault through this
 * interface; the implementation runs the edge agent's real core (scheduler, outbox, MQTT
 * session, commands) with simulated camera checks and station health.
 */
export interface StationRunner {
  readonly stationId: string;
  /** True between start() and stop()/powerCut(). */
  readonly running: boolean;
  /** Boots the agent: a new boot id, the same outbox (what was pending survives). */
  start(): Promise<void>;
  /** Clean shutdown: the agent says goodbye (retained offline state) and flushes nothing more. */
  stop(): Promise<void>;
  /**
   * Power cut: the agent dies on the spot. The connection drops without an MQTT DISCONNECT, so
   * the broker publishes the Last Will; unsent messages stay in the outbox.
   */
  powerCut(): Promise<void>;
  /** Uplink down (connections drop, new ones fail, the agent buffers) or back up. */
  setUplink(up: boolean): void;
  readonly uplinkUp: boolean;
}
