import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/**
 * Channel kinds are the hub's channel registry (alerts/channels/channel-registry.ts), checked by
 * the API's schema on every write: the CHECK of migration 101 listed them a second time, so a new
 * kind needed a migration as well. Dropped; the column stays NOT NULL.
 */
export const channelKinds: Migration = {
  version: 112,
  name: 'channel-kinds',
  up: (db) =>
    runSql(
      db,
      `
ALTER TABLE alert_channels DROP CONSTRAINT IF EXISTS alert_channels_kind_check;
`,
    ),
};
