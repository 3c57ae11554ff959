import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import type { SnapshotFiles } from '../snapshots/snapshot-files.ts';
import type { UptimeService } from '../uptime/index.ts';
import type { LiveBus } from '../live/live-bus.ts';
import type { BrokerCredentialSync } from '../credentials/broker-credential-sync.ts';
import type { AlertEngine } from '../alerts/alert-engine.ts';
import type { CommandPublish } from '../commands/command-service.ts';

/** What the API needs from the rest of the hub; createHub builds it, tests build it from real parts. */
export interface ApiDeps {
  db: Db;
  logger: Logger;
  registry: Registry;
  uptime: UptimeService;
  snapshots: SnapshotFiles;
  live: LiveBus;
  /** Makes credential changes take effect on the broker(s); absent in tests that need no broker. */
  brokerSync?: BrokerCredentialSync;
  /** The hub's alert engine (started by the hub); absent: the API makes an idle one for acknowledgements and channel tests. */
  alerts?: AlertEngine;
  /** Publishes on the hub's MQTT connection (commands to stations); absent: sending a command answers 503. */
  publish?: CommandPublish;
  config: ApiConfig;
  /** Readiness beyond the database (e.g. broker connected); the API checks the database itself. */
  ready?: () => Promise<{ ok: boolean; detail: string }>;
}

export interface ApiConfig {
  provinceName: string;
  tileUrl: string | null;
  tileAttribution: string;
  heartbeatMs: number;
  /** Folder with units.geojson and roads.geojson (from the fleet generator); null = none. */
  geoDir: string | null;
  sessionTtlMs: number;
  /** Always set the Secure flag on the session cookie (SECURE_COOKIES=1); it is set anyway over TLS or when a trusted proxy says the request came over HTTPS. */
  secureCookies: boolean;
  /** Broker URL handed to agents when they redeem a claim code. */
  stationMqttUrl: string;
  claimCodeTtlMs: number;
  snapshotUrlTtlMs: number;
  /** Logins per minute per IP and username before 429. */
  loginRateLimit: number;
  /** Commands: how long a station may take to answer, and at most how many per station per minute. */
  commandTtlMs: number;
  commandsPerStationPerMinute: number;
}

export const DEFAULT_API_CONFIG: ApiConfig = {
  provinceName: 'Long An',
  tileUrl: null,
  tileAttribution: '',
  heartbeatMs: 60_000,
  geoDir: null,
  sessionTtlMs: 12 * 3_600_000,
  secureCookies: false,
  stationMqttUrl: 'mqtt://127.0.0.1:1883',
  claimCodeTtlMs: 24 * 3_600_000,
  snapshotUrlTtlMs: 15 * 60_000,
  loginRateLimit: 10,
  commandTtlMs: 120_000,
  commandsPerStationPerMinute: 6,
};
