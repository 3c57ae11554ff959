import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/** Inventory (units of any depth, stations, cameras, road signs), unit history, maintenance, credentials. */
export const inventory: Migration = {
  version: 1,
  name: 'inventory',
  up: (db) =>
    runSql(
      db,
      `
CREATE TABLE units (
  id text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  parent_id text REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
  lat double precision,
  lon double precision,
  area_km2 double precision,
  retired_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_parent_idx ON units (parent_id);

CREATE TABLE stations (
  id text PRIMARY KEY,
  unit_id text NOT NULL REFERENCES units(id),
  name text NOT NULL,
  address text NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  road text,
  installed_at date NOT NULL,
  funding text NOT NULL,
  contact_name text,
  contact_phone text,
  retired_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stations_unit_idx ON stations (unit_id);

-- A station that moves to another unit keeps its history: uptime is attributed by these rows.
CREATE TABLE station_unit_history (
  station_id text NOT NULL REFERENCES stations(id),
  unit_id text NOT NULL REFERENCES units(id),
  valid_from timestamptz NOT NULL,
  valid_to timestamptz,
  PRIMARY KEY (station_id, valid_from),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE UNIQUE INDEX station_unit_history_open_idx ON station_unit_history (station_id) WHERE valid_to IS NULL;

CREATE TABLE cameras (
  id text PRIMARY KEY,
  station_id text NOT NULL REFERENCES stations(id),
  make text NOT NULL,
  model text NOT NULL,
  onvif_url text,
  rtsp_url text,
  bearing_deg double precision NOT NULL,
  fov_deg double precision NOT NULL,
  range_m double precision NOT NULL,
  retired_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cameras_station_idx ON cameras (station_id);

CREATE TABLE road_signs (
  id text PRIMARY KEY,
  unit_id text NOT NULL REFERENCES units(id),
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  road text NOT NULL,
  label text NOT NULL,
  retired_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Either a station or a whole unit (and everything below it) is in maintenance; not downtime.
CREATE TABLE maintenance_windows (
  id bigserial PRIMARY KEY,
  station_id text REFERENCES stations(id),
  unit_id text REFERENCES units(id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (station_id IS NOT NULL OR unit_id IS NOT NULL)
);
CREATE INDEX maintenance_windows_station_idx ON maintenance_windows (station_id, starts_at);
CREATE INDEX maintenance_windows_unit_idx ON maintenance_windows (unit_id, starts_at);

-- Several rows per station over time: rotation adds a row and revokes the old one later.
CREATE TABLE station_credentials (
  id bigserial PRIMARY KEY,
  station_id text NOT NULL REFERENCES stations(id),
  secret_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX station_credentials_active_idx ON station_credentials (station_id) WHERE revoked_at IS NULL;

CREATE TABLE hub_credentials (
  id bigserial PRIMARY KEY,
  username text NOT NULL,
  secret_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX hub_credentials_active_idx ON hub_credentials (username) WHERE revoked_at IS NULL;
`,
    ),
};
