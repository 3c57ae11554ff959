import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/**
 * Held Last Wills (issue 15): a will is a pending outage until the station's will delay has passed
 * with no sign of life (status-rules.ts, PendingWill). It is kept on the station's liveness row, not
 * in hub memory: a hub that restarts while a will is held, or another hub of the fleet, finds it
 * and applies it once (under the station's advisory lock, like every liveness change). The will
 * delay each station announced in its birth is kept beside it.
 */
export const pendingWills: Migration = {
  version: 135,
  name: 'pending-wills',
  up: (db) =>
    runSql(
      db,
      `
ALTER TABLE station_liveness
  ADD COLUMN will_at timestamptz,
  ADD COLUMN will_due_at timestamptz,
  ADD COLUMN will_delay_ms integer CHECK (will_delay_ms >= 0),
  ADD CONSTRAINT station_liveness_will_check CHECK ((will_at IS NULL) = (will_due_at IS NULL));
CREATE INDEX station_liveness_will_due_idx ON station_liveness (will_due_at) WHERE will_due_at IS NOT NULL;
`,
    ),
};
