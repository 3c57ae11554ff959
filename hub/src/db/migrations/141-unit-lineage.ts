import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/**
 * Unit lineage (issue 14 item 5): a unit merged from others, or split from one, with the date.
 * The 2025 reform merged communes; a merged commune's history must roll up into its successor
 * (the unit tree of the uptime reports walks `merged_from` edges as if the old commune were a
 * child of the new one). `predecessor_id` has no foreign key: an inventory may name a unit this
 * hub never held, which then simply has no history to bring.
 */
export const unitLineage: Migration = {
  version: 141,
  name: 'unit-lineage',
  up: (db) =>
    runSql(
      db,
      `
CREATE TABLE unit_lineage (
  unit_id text NOT NULL REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
  predecessor_id text NOT NULL,
  relation text NOT NULL CHECK (relation IN ('merged_from', 'split_from')),
  at date NOT NULL,
  PRIMARY KEY (unit_id, predecessor_id),
  CHECK (unit_id <> predecessor_id)
);
CREATE INDEX unit_lineage_predecessor_idx ON unit_lineage (predecessor_id) WHERE relation = 'merged_from';
`,
    ),
};
