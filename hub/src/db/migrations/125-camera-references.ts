import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/**
 * Each camera's reference as its agent last reported it (`reference_updated` events), so that a
 * reinstalled agent gets it back (`restore_reference`) instead of taking the first view it sees
 * as normal; and the cameras a person flagged as aimed wrongly since installation.
 */
export const cameraReferences: Migration = {
  version: 125,
  name: 'camera-references',
  up: (db) =>
    runSql(
      db,
      `
CREATE TABLE camera_references (
  camera_id text PRIMARY KEY REFERENCES cameras(id) ON DELETE CASCADE,
  station_id text NOT NULL,
  frame_hash text,
  picture text,
  origin text NOT NULL CHECK (origin IN ('learnt', 'accepted', 'restored')),
  ts timestamptz NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE TABLE camera_aim_flags (
  camera_id text PRIMARY KEY REFERENCES cameras(id) ON DELETE CASCADE,
  note text NOT NULL,
  flagged_by text NOT NULL,
  flagged_at timestamptz NOT NULL
);
`,
    ),
};
