import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/** The live feed polls alert changes by time. */
export const liveFeed: Migration = {
  version: 102,
  name: 'live-feed',
  up: (db) =>
    runSql(
      db,
      `
CREATE INDEX alerts_updated_idx ON alerts (updated_at);
`,
    ),
};
