import { STATION_TYPES } from '@camwatch/config';
import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

/**
 * Health for consenting owners' recorders (issue 16 item 4). A collector is a station of its own
 * (`stations.type = 'collector'`, with its own broker credentials) that checks the recorders
 * connected here. The connection goes with the private camera (erasure) and is removed when the
 * consent is lowered. Username and password are AES-256-GCM ciphertext under a key in
 * `hub_secrets`: a database dump alone does not hand out owners' recorder passwords.
 */
export const privateCameraConnections: Migration = {
  version: 160,
  name: 'private-camera-connections',
  up: (db) =>
    runSql(
      db,
      `
ALTER TABLE stations ADD COLUMN type text NOT NULL DEFAULT 'programme' CHECK (type IN (${list(STATION_TYPES)}));
CREATE TABLE private_camera_connections (
  private_camera_id bigint PRIMARY KEY REFERENCES private_cameras(id) ON DELETE CASCADE,
  collector_station_id text NOT NULL REFERENCES stations(id),
  rtsp_url text NOT NULL,
  onvif_url text,
  credentials_enc bytea,
  connected_by text NOT NULL,
  connected_at timestamptz NOT NULL
);
CREATE INDEX private_camera_connections_collector_idx ON private_camera_connections (collector_station_id);
`,
    ),
};
