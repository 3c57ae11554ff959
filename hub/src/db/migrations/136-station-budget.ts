import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/**
 * The agent's daily byte budget as it reports it in station health (issue 15): the budget of its
 * 4G plan, the bytes the local day ends on if its snapshot plan holds, and the snapshot mode the
 * budget forced. Nullable: older agents send none. Plain nullable columns, which a compressed
 * TimescaleDB hypertable accepts. The `byte_budget` alert rule warns when a station's day is
 * projected past its budget (threshold: percent of the budget), before the SIM runs dry.
 */
export const stationBudget: Migration = {
  version: 136,
  name: 'station-budget',
  up: (db) =>
    runSql(
      db,
      `
ALTER TABLE health_samples ADD COLUMN byte_budget bigint;
ALTER TABLE health_samples ADD COLUMN bytes_projected_today bigint;
ALTER TABLE health_samples ADD COLUMN snapshot_mode text;
INSERT INTO alert_rules (id, severity, duration_s, resolve_after_s, flap_window_s, flap_max, threshold, min_agent_version) VALUES
  ('byte_budget', 'warning', 600, 1800, 3600, 3, 100, NULL);
`,
    ),
};
