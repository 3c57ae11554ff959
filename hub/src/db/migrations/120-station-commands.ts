import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/**
 * Commands the hub sent to stations and where each one stands: queued → delivered (the broker's
 * PUBACK) → ok / failed (the station's commandReply) or expired (no reply by expires_at). The
 * replies themselves stay in command_replies; a reply moves the command's state once.
 */
export const stationCommands: Migration = {
  version: 120,
  name: 'station-commands',
  up: (db) =>
    runSql(
      db,
      `
CREATE TABLE station_commands (
  id text PRIMARY KEY,
  station_id text NOT NULL REFERENCES stations(id),
  camera_id text,
  kind text NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'delivered', 'ok', 'failed', 'expired')),
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  delivered_at timestamptz,
  replied_at timestamptz,
  message text,
  issued_by text
);
CREATE INDEX station_commands_station_idx ON station_commands (station_id, issued_at DESC);
CREATE INDEX station_commands_open_idx ON station_commands (expires_at) WHERE state IN ('queued', 'delivered');
`,
    ),
};
