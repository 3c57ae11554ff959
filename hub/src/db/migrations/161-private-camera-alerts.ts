import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/**
 * Alerts of connected private cameras (issue 16 item 4). Such an alert's station is the collector
 * that checks the recorder, but it belongs to the private camera's commune: the register's id says
 * which camera, so the alert follows it (listing, reading, live feed, channels) as a programme
 * camera's alert follows its station. No foreign key: an erased camera's alert keeps the unit it
 * was opened in and no owner data, so it may stay in the history.
 */
export const privateCameraAlerts: Migration = {
  version: 161,
  name: 'private-camera-alerts',
  up: (db) =>
    runSql(
      db,
      `
ALTER TABLE alerts ADD COLUMN private_camera_id bigint;
CREATE INDEX alerts_private_camera_idx ON alerts (private_camera_id) WHERE private_camera_id IS NOT NULL;
`,
    ),
};
