import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/**
 * The parameters an alert's text is built from (station name, since, cause, value, limit: the API's
 * `AlertParams`), so that the dashboard renders it in the reader's language; `message` stays the
 * Vietnamese text of the channels. NULL for alerts opened before this version.
 */
export const alertParams: Migration = {
  version: 113,
  name: 'alert-params',
  up: (db) =>
    runSql(
      db,
      `
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS params jsonb;
`,
    ),
};
