import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/**
 * When a camera entered the inventory, for the programme report's "cameras added" (issue 14
 * item 5). New rows get the time of the import that first brought them; existing cameras are
 * back-dated to their station's installation day (the best date the inventory holds for them).
 * An import that re-lists a camera does not touch it (the upsert leaves the column alone).
 */
export const cameraAddedAt: Migration = {
  version: 140,
  name: 'camera-added-at',
  up: (db) =>
    runSql(
      db,
      `
ALTER TABLE cameras ADD COLUMN added_at timestamptz;
UPDATE cameras c SET added_at = (s.installed_at::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') FROM stations s WHERE s.id = c.station_id;
ALTER TABLE cameras ALTER COLUMN added_at SET DEFAULT now();
ALTER TABLE cameras ALTER COLUMN added_at SET NOT NULL;
`,
    ),
};
