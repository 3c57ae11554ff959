import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/**
 * The agent's daily byte budget as it reports it in station health (issue 15): the budget of its
 * 4G plan, the bytes the local day ends on if its snapshot plan holds, and the snapshot mode the
 * budget forced. Nullable: older agents send none. Plain nullable columns, which a compressed
 * TimescaleDB hypertable accepts.
 */
export const stationBudget: Migration = {
  version: 131,
  name: 'station-budget',
  up: (db) =>
    runSql(
      db,
      `
ALTER TABLE health_samples ADD COLUMN byte_budget bigint;
ALTER TABLE health_samples ADD COLUMN bytes_projected_today bigint;
ALTER TABLE health_samples ADD COLUMN snapshot_mode text;
`,
    ),
};
