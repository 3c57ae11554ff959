/**
 * The SQL of the uptime repository. It selects and clips; it does no uptime maths (that is
 * uptime-calculator.ts). Parameters: $1 = scope id, $2 = from, $3 = to (timestamptz).
 *
 * Every camera query yields rows (camera, station, group, span) where span = [span_from,
 * span_to) is the time the camera counts for the group (null bound = unbounded) and group is
 * the direct child of the unit asked for whose subtree the station was in (the unit itself
 * for its own stations; null for camera and station scopes).
 *
 * Times leave the database as epoch ms in float8: measured on 60k and 900k intervals, 30–50 % less
 * time to fetch than timestamptz parsed into Date objects, and nothing to convert afterwards.
 */
export const ms = (expr: string) => `(extract(epoch from ${expr}) * 1000)::float8`;

/** The unit and everything below it, any depth; each row tagged with its top-level child. */
export const SUBTREE = `subtree(id, group_id, depth) as (
    select u.id, u.id, 0 from units u where u.id = $1
    union all
    select u.id, case when t.depth = 0 then u.id else t.group_id end, t.depth + 1
    from units u join subtree t on u.parent_id = t.id
    where t.depth < 64 -- a parent cycle in bad data must not loop for ever
  )`;

/**
 * Which unit a station was in, when. station_unit_history is authoritative where it has rows;
 * time it does not cover (a station never moved, or history starting late) falls back to
 * stations.unit_id. Multiranges (PostgreSQL 14+) compute that complement.
 */
export const MEMBERSHIP = (stationFilter: string) => `membership(station_id, unit_id, during) as (
    select h.station_id, h.unit_id, tstzrange(h.valid_from, h.valid_to)
    from station_unit_history h join stations s on s.id = h.station_id where ${stationFilter}
    union all
    select s.id, s.unit_id, gap
    from stations s
    cross join lateral unnest(
      tstzmultirange(tstzrange(null, null)) - coalesce(
        (select range_agg(tstzrange(h.valid_from, h.valid_to)) from station_unit_history h where h.station_id = s.id),
        '{}'::tstzmultirange)) as gap
    where ${stationFilter}
  )`;

export const CAMERA_COLUMNS = `c.id as camera_id, c.station_id, s.installed_at::text as installed_on,
    ${ms('least(c.retired_at, s.retired_at)')} as retired_at,
    (select ${ms('o.started_at')} from station_status_intervals o
      where o.station_id = s.id and o.status = 'offline' and o.ended_at is null
      order by o.started_at desc limit 1) as offline_since`;

const LIVE = `(c.retired_at is null or c.retired_at > $2::timestamptz) and (s.retired_at is null or s.retired_at > $2::timestamptz)`;

export const CAMERAS_OF_CAMERA = `select ${CAMERA_COLUMNS}, null::text as group_id, null::float8 as span_from, null::float8 as span_to
  from cameras c join stations s on s.id = c.station_id where c.id = $1 and ${LIVE}`;

export const CAMERAS_OF_STATION = `select ${CAMERA_COLUMNS}, null::text as group_id, null::float8 as span_from, null::float8 as span_to
  from cameras c join stations s on s.id = c.station_id where c.station_id = $1 and ${LIVE}`;

export const CAMERAS_OF_UNIT_NOW = `with recursive ${SUBTREE}
  select ${CAMERA_COLUMNS}, t.group_id, null::float8 as span_from, null::float8 as span_to
  from subtree t join stations s on s.unit_id = t.id join cameras c on c.station_id = s.id where ${LIVE}`;

/** Stations ever in the subtree: now (stations.unit_id also covers time the history does not), or by a history row. */
const EVER_IN_SUBTREE = `(s.unit_id in (select id from subtree)
  or exists (select 1 from station_unit_history h2 where h2.station_id = s.id and h2.unit_id in (select id from subtree)))`;

export const CAMERAS_OF_UNIT_HISTORICAL = `with recursive ${SUBTREE}, ${MEMBERSHIP(EVER_IN_SUBTREE)}
  select ${CAMERA_COLUMNS}, t.group_id, ${ms('lower(m.during)')} as span_from, ${ms('upper(m.during)')} as span_to
  from subtree t join membership m on m.unit_id = t.id
  join stations s on s.id = m.station_id join cameras c on c.station_id = s.id
  where m.during && tstzrange($2::timestamptz, $3::timestamptz) and ${LIVE}`;

/** $1 = camera ids; every unit their station was in during [$2, $3), as group_id with the span. */
export const CAMERAS_BY_UNIT = `with recursive ${MEMBERSHIP('s.id in (select station_id from cameras where id = any($1::text[]))')}
  select ${CAMERA_COLUMNS}, m.unit_id as group_id, ${ms('lower(m.during)')} as span_from, ${ms('upper(m.during)')} as span_to
  from membership m join stations s on s.id = m.station_id join cameras c on c.station_id = s.id
  where c.id = any($1::text[]) and m.during && tstzrange($2::timestamptz, $3::timestamptz)`;

const INTERVAL_COLUMNS = 'i.id, i.camera_id, i.status, i.cause, i.started_at, i.ended_at';

/**
 * $1 = camera ids. Intervals starting in the range, the one before it if it reaches into it (an
 * older one is superseded by it, see buildTimeline; two index probes per camera instead of a scan
 * of its whole history), plus the whole of every outage touching the range: a
 * run of touching down intervals is followed back before `from` and on past `to`, so its start
 * (where the failure counts) and its end and duration (where the repair counts) do not depend on
 * the range asked. That makes the figures of adjacent ranges add up exactly, which the day rollups
 * (uptime-days-*.ts) rely on. "Touching" is buildTimeline's rule: the neighbour by start time.
 */
export const INTERVALS = `with recursive base as (
    select ${INTERVAL_COLUMNS} from camera_status_intervals i
    where i.camera_id = any($1::text[]) and i.started_at >= $2::timestamptz and i.started_at < $3::timestamptz
    union all
    select p.* from unnest($1::text[]) as c(id) cross join lateral (
      select ${INTERVAL_COLUMNS} from camera_status_intervals i
      where i.camera_id = c.id and i.started_at < $2::timestamptz order by i.started_at desc limit 1) p
    where p.ended_at is null or p.ended_at >= $2::timestamptz
  ), back as (
    select * from base where status = 'down' and started_at < $2::timestamptz
    union
    select p.* from back b cross join lateral (
      select ${INTERVAL_COLUMNS} from camera_status_intervals i
      where i.camera_id = b.camera_id and i.started_at < b.started_at order by i.started_at desc limit 1) p
    where p.status = 'down' and (p.ended_at is null or p.ended_at >= b.started_at)
  ), fwd as (
    select * from base where status = 'down' and ended_at >= $3::timestamptz
    union
    select n.* from fwd f cross join lateral (
      select ${INTERVAL_COLUMNS} from camera_status_intervals i
      where i.camera_id = f.camera_id and i.started_at > f.started_at order by i.started_at limit 1) n
    where n.status = 'down' and n.started_at <= f.ended_at
  )
  select camera_id, status, cause, ${ms('started_at')} as started_at, ${ms('ended_at')} as ended_at
  from (select * from base union select * from back union select * from fwd) x
  order by camera_id, started_at`;

/**
 * $1 = station ids. A window applies to a station when every condition it sets holds: its
 * station_id is the station, its unit_id is the unit the station was in *at that time* or an
 * ancestor of it. Windows are clipped here to the range and to the membership period.
 */
export const MAINTENANCE = `with recursive ${MEMBERSHIP('s.id = any($1::text[])')},
  ancestry(unit_id, ancestor_id) as (
    select distinct unit_id, unit_id from membership
    union
    select a.unit_id, u.parent_id from ancestry a join units u on u.id = a.ancestor_id where u.parent_id is not null
  )
  select st.id as station_id, ${ms('greatest(w.starts_at, $2::timestamptz)')} as starts_at, ${ms('least(w.ends_at, $3::timestamptz)')} as ends_at
  from unnest($1::text[]) as st(id)
  join maintenance_windows w on w.unit_id is null and (w.station_id is null or w.station_id = st.id)
  where w.starts_at < $3::timestamptz and w.ends_at > $2::timestamptz
  union all
  select m.station_id,
    ${ms('greatest(w.starts_at, $2::timestamptz, lower(m.during))')},
    ${ms('least(w.ends_at, $3::timestamptz, upper(m.during))')}
  from membership m
  join ancestry a on a.unit_id = m.unit_id
  join maintenance_windows w on w.unit_id = a.ancestor_id and (w.station_id is null or w.station_id = m.station_id)
  where w.starts_at < $3::timestamptz and w.ends_at > $2::timestamptz and m.during && tstzrange(w.starts_at, w.ends_at)`;

export const UNIT_AND_CHILDREN = `select id, name, kind, parent_id from units where id = $1 or parent_id = $1 order by name, id`;
