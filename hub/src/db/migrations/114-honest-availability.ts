import type { Migration } from '../migrate.ts';

const ALL_CAMERAS = '(SELECT array_agg(id ORDER BY id) FROM cameras)';

/**
 * Honest availability (issue 14): a camera's "no data" is split into *station unreachable* (the
 * hub was listening and the station was not there) and *hub not listening*. For the second the
 * hubs record when they heard: each one upserts its current heard span (since = when it started
 * listening, until = how far it has heard, HeardClock) on every sweep; a gap between spans is time
 * no hub was listening. The day rollups get the two new sums; rows computed without them are
 * dropped (the close-days job writes them again) and a span that closes a gap invalidates the days
 * from the gap's start on, like the triggers of 110 do for intervals.
 */
const STATEMENTS = [
  `CREATE TABLE hub_heard_spans (
    hub_id text NOT NULL,
    heard_since timestamptz NOT NULL,
    heard_until timestamptz NOT NULL,
    PRIMARY KEY (hub_id, heard_since)
  )`,
  `CREATE INDEX hub_heard_spans_since_idx ON hub_heard_spans (heard_since)`,
  `CREATE INDEX hub_heard_spans_until_idx ON hub_heard_spans (heard_until)`,
  `DELETE FROM camera_uptime_days`,
  `ALTER TABLE camera_uptime_days ADD COLUMN unreachable_ms double precision NOT NULL DEFAULT 0,
    ADD COLUMN unheard_ms double precision NOT NULL DEFAULT 0`,
  // The figures ride in the key's index (see 110): the new ones too.
  `ALTER TABLE camera_uptime_days DROP CONSTRAINT camera_uptime_days_pkey`,
  `ALTER TABLE camera_uptime_days ADD PRIMARY KEY (camera_id, day, unit_id) INCLUDE (first_part, scope_ms, up_ms, degraded_ms, down_ms,
    no_data_ms, unreachable_ms, unheard_ms, maintenance_ms, failures, resolved_outages, resolved_outage_ms)`,
  // A new span after a gap, or an old span growing into one, changes what is known about the gap: from its start on.
  `CREATE FUNCTION camwatch_uptime_heard_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    since timestamptz;
  BEGIN
    IF TG_OP = 'INSERT' THEN
      since := (SELECT max(heard_until) FROM hub_heard_spans WHERE heard_since < NEW.heard_since AND heard_until < NEW.heard_since);
    ELSIF NEW.heard_until > OLD.heard_until AND EXISTS (SELECT 1 FROM hub_heard_spans WHERE heard_since > OLD.heard_until) THEN
      since := OLD.heard_until;
    END IF;
    IF since IS NOT NULL THEN PERFORM camwatch_uptime_invalidate(${ALL_CAMERAS}, since); END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER hub_heard_spans_uptime_days AFTER INSERT OR UPDATE ON hub_heard_spans
    FOR EACH ROW EXECUTE FUNCTION camwatch_uptime_heard_changed()`,
];

export const honestAvailability: Migration = {
  version: 114,
  name: 'honest-availability',
  async up(db) {
    for (const stmt of STATEMENTS) await db.query(stmt);
  },
};
