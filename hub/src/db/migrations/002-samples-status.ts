import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

// Every message a station sends carries (station_id, boot_id, seq); with `ts` (hypertables need the
// time column in every unique index) it identifies the message, so a redelivery or replay is stored once.
const envelope = `
  station_id text NOT NULL,
  boot_id text NOT NULL,
  seq bigint NOT NULL,
  ts timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  replay boolean NOT NULL`;

/** Raw samples, live station state, status intervals (read by uptime) and snapshot metadata. */
export const samplesAndStatus: Migration = {
  version: 2,
  name: 'samples-and-status',
  up: (db) =>
    runSql(
      db,
      `
CREATE TABLE health_samples (${envelope},
  cpu_pct real NOT NULL,
  load1 real NOT NULL,
  mem_used_pct real NOT NULL,
  disk_used_pct real NOT NULL,
  temp_c real,
  uptime_s bigint NOT NULL,
  uplink_latency_ms real,
  bytes_sent_today bigint NOT NULL,
  clock_offset_ms double precision,
  outbox_pending integer NOT NULL,
  outbox_dropped bigint NOT NULL
);
CREATE UNIQUE INDEX health_samples_msg_idx ON health_samples (station_id, boot_id, seq, ts);
CREATE INDEX health_samples_station_ts_idx ON health_samples (station_id, ts DESC);

CREATE TABLE camera_status_samples (${envelope},
  camera_id text NOT NULL,
  status text NOT NULL,
  cause text,
  detail text NOT NULL,
  stream jsonb,
  picture jsonb,
  check_ms integer NOT NULL
);
CREATE UNIQUE INDEX camera_status_samples_msg_idx ON camera_status_samples (station_id, boot_id, seq, ts);
CREATE INDEX camera_status_samples_camera_ts_idx ON camera_status_samples (camera_id, ts DESC);

CREATE TABLE station_events (${envelope},
  kind text NOT NULL,
  camera_id text,
  message text NOT NULL,
  gap jsonb
);
CREATE UNIQUE INDEX station_events_msg_idx ON station_events (station_id, boot_id, seq, ts);
CREATE INDEX station_events_station_ts_idx ON station_events (station_id, ts DESC);

CREATE TABLE command_replies (${envelope},
  command_id text NOT NULL,
  ok boolean NOT NULL,
  message text NOT NULL
);
CREATE UNIQUE INDEX command_replies_msg_idx ON command_replies (station_id, boot_id, seq, ts);
CREATE INDEX command_replies_command_idx ON command_replies (command_id);

CREATE TABLE station_births (${envelope},
  agent_version text NOT NULL,
  config_hash text NOT NULL,
  started_at timestamptz NOT NULL,
  intervals jsonb NOT NULL,
  cameras jsonb NOT NULL
);
CREATE UNIQUE INDEX station_births_msg_idx ON station_births (station_id, boot_id, seq, ts);
CREATE INDEX station_births_station_ts_idx ON station_births (station_id, ts DESC);

-- The hub's live view of each station's MQTT connection (one row per station ever heard).
CREATE TABLE station_liveness (
  station_id text PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('online', 'offline')),
  boot_id text,
  connection_id integer,
  last_seen_at timestamptz NOT NULL,
  changed_at timestamptz NOT NULL
);

CREATE TABLE station_status_intervals (
  id bigserial PRIMARY KEY,
  station_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('online', 'offline')),
  cause text,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  CHECK (ended_at IS NULL OR ended_at > started_at)
);
CREATE UNIQUE INDEX station_status_intervals_open_idx ON station_status_intervals (station_id) WHERE ended_at IS NULL;
CREATE INDEX station_status_intervals_station_idx ON station_status_intervals (station_id, started_at);

CREATE TABLE camera_status_intervals (
  id bigserial PRIMARY KEY,
  camera_id text NOT NULL,
  station_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('ok', 'degraded', 'down', 'unknown')),
  cause text,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  CHECK (ended_at IS NULL OR ended_at > started_at)
);
CREATE UNIQUE INDEX camera_status_intervals_open_idx ON camera_status_intervals (camera_id) WHERE ended_at IS NULL;
CREATE INDEX camera_status_intervals_camera_idx ON camera_status_intervals (camera_id, started_at);
CREATE INDEX camera_status_intervals_station_idx ON camera_status_intervals (station_id, started_at);

CREATE TABLE snapshots (
  id bigserial PRIMARY KEY,
  camera_id text NOT NULL,
  station_id text NOT NULL,
  boot_id text NOT NULL,
  seq bigint NOT NULL,
  ts timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  sha256 text NOT NULL,
  bytes integer NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  trigger text NOT NULL,
  is_latest boolean NOT NULL DEFAULT false,
  in_history boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX snapshots_msg_idx ON snapshots (station_id, boot_id, seq);
CREATE UNIQUE INDEX snapshots_latest_idx ON snapshots (camera_id) WHERE is_latest;
CREATE INDEX snapshots_camera_ts_idx ON snapshots (camera_id, ts DESC);
CREATE INDEX snapshots_sha_idx ON snapshots (sha256);
`,
    ),
};
