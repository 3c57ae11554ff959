import type { Migration } from '../migrate.ts';

const TZ = `'Asia/Ho_Chi_Minh'`;

/** The local day a change at `since` first affects (migration 111 moves it back 1 ms: a repair at midnight belongs to the day before). */
export type DayOf = (since: string) => string;
const dayOf110: DayOf = (since) => `(${since} AT TIME ZONE ${TZ})::date`;

/** The set-based form of camwatch_uptime_invalidate, over `changes(camera_id, since)`. */
const invalidateChanges = (changes: string, dayOf: DayOf) => `WITH ch(camera_id, since) AS (${changes}),
    c AS (SELECT camera_id, min(since) AS since FROM ch WHERE since IS NOT NULL GROUP BY camera_id),
    bumped AS (INSERT INTO camera_uptime_epochs AS e (camera_id, epoch) SELECT camera_id, 1 FROM c ORDER BY camera_id
      ON CONFLICT (camera_id) DO UPDATE SET epoch = e.epoch + 1)
    DELETE FROM camera_uptime_days d USING c WHERE d.camera_id = c.camera_id AND d.day >= ${dayOf('c.since')}`;

const intervalFunction = (op: 'INSERT' | 'UPDATE' | 'DELETE', changes: string, dayOf: DayOf, create = 'CREATE') =>
  `${create} FUNCTION camwatch_uptime_intervals_${op.toLowerCase()}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    ${invalidateChanges(changes, dayOf)};
    RETURN NULL;
  END $$`;

const intervalTrigger = (op: 'INSERT' | 'UPDATE' | 'DELETE', transition: string, changes: string) => [
  intervalFunction(op, changes, dayOf110),
  `CREATE TRIGGER camera_status_intervals_uptime_days_${op.toLowerCase()} AFTER ${op} ON camera_status_intervals
    REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION camwatch_uptime_intervals_${op.toLowerCase()}()`,
];

/** The ids of the cameras of the stations `station_id <condition>`, in lock order. */
const camerasOf = (condition: string) => `(SELECT array_agg(id ORDER BY id) FROM cameras WHERE station_id ${condition})`;
const ALL_CAMERAS = '(SELECT array_agg(id ORDER BY id) FROM cameras)';

/** What each interval statement changed, as `(camera_id, since)` rows from its transition tables. */
const INTERVAL_CHANGES = {
  INSERT: ['NEW TABLE AS n', 'SELECT camera_id, started_at FROM n'],
  DELETE: ['OLD TABLE AS o', 'SELECT camera_id, started_at FROM o'],
  // Only the end moved: the days from the earlier of the two ends; otherwise from the earlier start, for both cameras.
  UPDATE: [
    'OLD TABLE AS o NEW TABLE AS n',
    `SELECT x.camera_id, y.since FROM o JOIN n ON n.id = o.id
      CROSS JOIN LATERAL (SELECT CASE WHEN o.camera_id <> n.camera_id THEN least(o.started_at, n.started_at)
        ELSE camwatch_uptime_since(o.started_at, o.ended_at, n.started_at, n.ended_at, o.status = n.status AND o.cause IS NOT DISTINCT FROM n.cause) END) AS y(since)
      CROSS JOIN LATERAL (VALUES (n.camera_id), (o.camera_id)) AS x(camera_id)`,
  ],
} as const;
const OPS = ['INSERT', 'DELETE', 'UPDATE'] as const;

const INTERVAL_TRIGGERS = OPS.flatMap((op) => intervalTrigger(op, INTERVAL_CHANGES[op][0], INTERVAL_CHANGES[op][1]));

/** The interval trigger functions again, deciding the first affected day with `dayOf` (for a later migration). */
export const replaceIntervalFunctions = (dayOf: DayOf) =>
  OPS.map((op) => intervalFunction(op, INTERVAL_CHANGES[op][1], dayOf, 'CREATE OR REPLACE'));

/** camwatch_uptime_invalidate, deciding the first affected day with `dayOf`. */
export const invalidateFunction = (
  dayOf: DayOf,
  create = 'CREATE',
) => `${create} FUNCTION camwatch_uptime_invalidate(cams text[], since timestamptz) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    IF since IS NULL OR cams IS NULL OR cardinality(cams) = 0 THEN RETURN; END IF;
    INSERT INTO camera_uptime_epochs AS e (camera_id, epoch) SELECT DISTINCT c, 1 FROM unnest(cams) c ORDER BY 1
      ON CONFLICT (camera_id) DO UPDATE SET epoch = e.epoch + 1;
    DELETE FROM camera_uptime_days WHERE camera_id = ANY(cams) AND day >= ${dayOf('since')};
  END $$`;

/**
 * Per camera, per closed local day, per unit the station was in that day: the additive sums of
 * the uptime maths (uptime-calculator.ts), so a month = the sum of its day rows. Rows are written
 * by the close-days job (uptime-days-job.ts) and deleted here, by triggers, whenever something
 * they were computed from changes: whatever code path writes (live status, a replay days late,
 * an admin adding maintenance or moving a station), a stale row cannot survive. Plain SQL and
 * PL/pgSQL only, so the same statements run on PostgreSQL and on TimescaleDB.
 */
const STATEMENTS = [
  `CREATE TABLE camera_uptime_days (
    camera_id text NOT NULL,
    day date NOT NULL,
    unit_id text NOT NULL,
    station_id text NOT NULL,
    first_part boolean NOT NULL,
    scope_ms double precision NOT NULL,
    up_ms double precision NOT NULL,
    degraded_ms double precision NOT NULL,
    down_ms double precision NOT NULL,
    no_data_ms double precision NOT NULL,
    maintenance_ms double precision NOT NULL,
    failures integer NOT NULL,
    resolved_outages integer NOT NULL,
    resolved_outage_ms double precision NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now(),
    -- The figures ride in the key's index: a report reads a camera's days with an index-only scan
    -- instead of one heap page per day (rows are written day by day, so a camera's are scattered).
    PRIMARY KEY (camera_id, day, unit_id) INCLUDE (first_part, scope_ms, up_ms, degraded_ms, down_ms, no_data_ms, maintenance_ms, failures, resolved_outages, resolved_outage_ms)
  )`,
  `CREATE INDEX camera_uptime_days_day_idx ON camera_uptime_days (day, camera_id) WHERE first_part`,
  // Closing a day reads the intervals that start in it, for every camera: a range scan, not a scan of all history.
  `CREATE INDEX camera_status_intervals_started_idx ON camera_status_intervals (started_at)`,
  // Bumped on every change that may touch a camera's past: the job writes a row only if the epoch
  // it read before computing is still current (read, compute, then compare under a share lock).
  `CREATE TABLE camera_uptime_epochs (camera_id text PRIMARY KEY, epoch bigint NOT NULL DEFAULT 0)`,
  invalidateFunction(dayOf110),
  // The earliest instant an interval-like row change can affect: only its end moved, or the row as a whole.
  `CREATE FUNCTION camwatch_uptime_since(old_start timestamptz, old_end timestamptz, new_start timestamptz, new_end timestamptz, same_body boolean) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
      WHEN old_start IS NULL THEN new_start
      WHEN new_start IS NULL THEN old_start
      WHEN same_body AND old_start = new_start THEN
        CASE WHEN old_end IS NOT DISTINCT FROM new_end THEN NULL ELSE least(coalesce(old_end, 'infinity'), coalesce(new_end, 'infinity')) END
      ELSE least(old_start, new_start) END
  $$`,
  // Statement-level with transition tables: the hub's hot path closes and opens intervals for many
  // cameras in one statement, and one set-based pass per statement costs far less than one per row.
  ...INTERVAL_TRIGGERS,
  // Only an open offline spell matters to uptime (open camera intervals stop being trusted there).
  `CREATE FUNCTION camwatch_uptime_station_intervals_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    st text := CASE WHEN TG_OP = 'DELETE' THEN OLD.station_id ELSE NEW.station_id END;
  BEGIN
    IF TG_OP = 'INSERT' AND NEW.status <> 'offline' THEN RETURN NULL; END IF;
    IF TG_OP = 'DELETE' AND OLD.status <> 'offline' THEN RETURN NULL; END IF;
    IF TG_OP = 'UPDATE' AND OLD.status <> 'offline' AND NEW.status <> 'offline' THEN RETURN NULL; END IF;
    PERFORM camwatch_uptime_invalidate(${camerasOf('= st')},
      CASE TG_OP WHEN 'INSERT' THEN NEW.started_at WHEN 'DELETE' THEN OLD.started_at
        ELSE camwatch_uptime_since(OLD.started_at, OLD.ended_at, NEW.started_at, NEW.ended_at, OLD.status = NEW.status AND OLD.station_id = NEW.station_id) END);
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER station_status_intervals_uptime_days AFTER INSERT OR UPDATE OR DELETE ON station_status_intervals
    FOR EACH ROW EXECUTE FUNCTION camwatch_uptime_station_intervals_changed()`,
  // A unit-wide window (rare, an admin act) invalidates every camera: where a station was under
  // the unit at the time is history the trigger need not redo.
  `CREATE FUNCTION camwatch_uptime_maintenance_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    since timestamptz := CASE TG_OP WHEN 'INSERT' THEN NEW.starts_at WHEN 'DELETE' THEN OLD.starts_at ELSE least(OLD.starts_at, NEW.starts_at) END;
    by_unit boolean := (TG_OP <> 'INSERT' AND OLD.unit_id IS NOT NULL) OR (TG_OP <> 'DELETE' AND NEW.unit_id IS NOT NULL);
  BEGIN
    IF by_unit THEN
      PERFORM camwatch_uptime_invalidate(${ALL_CAMERAS}, since);
    ELSE
      PERFORM camwatch_uptime_invalidate(${camerasOf(`IN (
        SELECT OLD.station_id WHERE TG_OP <> 'INSERT' UNION SELECT NEW.station_id WHERE TG_OP <> 'DELETE')`)}, since);
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER maintenance_windows_uptime_days AFTER INSERT OR UPDATE OR DELETE ON maintenance_windows
    FOR EACH ROW EXECUTE FUNCTION camwatch_uptime_maintenance_changed()`,
  `CREATE FUNCTION camwatch_uptime_membership_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      PERFORM camwatch_uptime_invalidate(${camerasOf('= NEW.station_id')}, NEW.valid_from);
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM camwatch_uptime_invalidate(${camerasOf('= OLD.station_id')}, OLD.valid_from);
    ELSE
      PERFORM camwatch_uptime_invalidate(${camerasOf('IN (OLD.station_id, NEW.station_id)')},
        camwatch_uptime_since(OLD.valid_from, OLD.valid_to, NEW.valid_from, NEW.valid_to, OLD.unit_id = NEW.unit_id AND OLD.station_id = NEW.station_id));
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER station_unit_history_uptime_days AFTER INSERT OR UPDATE OR DELETE ON station_unit_history
    FOR EACH ROW EXECUTE FUNCTION camwatch_uptime_membership_changed()`,
  // stations.unit_id is the fallback for time the history does not cover: a change may rewrite any day.
  `CREATE FUNCTION camwatch_uptime_station_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.installed_at IS DISTINCT FROM NEW.installed_at OR OLD.retired_at IS DISTINCT FROM NEW.retired_at THEN
      PERFORM camwatch_uptime_invalidate(${camerasOf('= NEW.id')}, '-infinity');
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER stations_uptime_days AFTER UPDATE ON stations FOR EACH ROW EXECUTE FUNCTION camwatch_uptime_station_changed()`,
  `CREATE FUNCTION camwatch_uptime_camera_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF OLD.station_id IS DISTINCT FROM NEW.station_id OR OLD.retired_at IS DISTINCT FROM NEW.retired_at THEN
      PERFORM camwatch_uptime_invalidate(ARRAY[NEW.id], '-infinity');
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER cameras_uptime_days AFTER UPDATE ON cameras FOR EACH ROW EXECUTE FUNCTION camwatch_uptime_camera_changed()`,
  // Unit windows apply through the unit tree as it is now: re-parenting a unit re-decides them.
  `CREATE FUNCTION camwatch_uptime_unit_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF OLD.parent_id IS DISTINCT FROM NEW.parent_id THEN
      PERFORM camwatch_uptime_invalidate(${ALL_CAMERAS},
        (SELECT min(starts_at) FROM maintenance_windows WHERE unit_id IS NOT NULL));
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER units_uptime_days AFTER UPDATE ON units FOR EACH ROW EXECUTE FUNCTION camwatch_uptime_unit_changed()`,
];

export const uptimeDays: Migration = {
  version: 110,
  name: 'uptime-days',
  async up(db) {
    // One statement per call: function bodies hold `;` at line ends, which runSql would split on.
    for (const stmt of STATEMENTS) await db.query(stmt);
  },
};
