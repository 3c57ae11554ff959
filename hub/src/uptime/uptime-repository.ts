import { localDateToTs, type UnitAttribution } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { gaps, intersect, type Span } from './spans.ts';
import type { IntervalStatus, StatusInterval } from './status-timeline.ts';
import type { UptimeRange } from './uptime-range.ts';

/** What to measure: one camera, one station, or a unit with everything below it. */
export type ScopeSelector =
  { kind: 'camera'; id: string } | { kind: 'station'; id: string } | { kind: 'unit'; id: string; attribution: UnitAttribution };

/** One camera as counted for one group (see uptime-ts): the input of the maths, minus intervals. */
export interface CameraSlice {
  cameraId: string;
  stationId: string;
  groupId: string | null;
  within: Span[];
  installedAt: number | null;
  retiredAt: number | null;
  stationOfflineSince: number | null;
}

export interface UnitRow {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
}

interface CameraRow {
  camera_id: string;
  station_id: string;
  group_id: string | null;
  span_from: number | null;
  span_to: number | null;
  installed_on: string | null;
  retired_at: number | null;
  offline_since: number | null;
}

interface IntervalRow {
  camera_id: string;
  status: string;
  cause: string | null;
  started_at: number;
  ended_at: number | null;
}

const STATUSES = new Set<string>(['ok', 'degraded', 'down', 'unknown']);

/** float8 epoch ms from uptime-ts; pg and PGlite both hand float8 over as a number. */
function ms(v: number): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`unreadable time from database: ${String(v)}`);
  return v;
}
const msOrNull = (v: number | null): number | null => (v === null ? null : ms(v));
const iso = (ts: number) => new Date(ts).toISOString();

/** The only part of the uptime code that speaks SQL. */
export class UptimeRepository {
  constructor(private readonly db: Db) {}

  async cameraSlices(scope: ScopeSelector, range: UptimeRange): Promise<CameraSlice[]> {
    const text =
      scope.kind === 'camera'
        ? CAMERAS_OF_CAMERA
        : scope.kind === 'station'
          ? CAMERAS_OF_STATION
          : scope.attribution === 'historical'
            ? CAMERAS_OF_UNIT_HISTORICAL
            : CAMERAS_OF_UNIT_NOW;
    // Only the historical query compares with `to`; PostgreSQL rejects a parameter it cannot type.
    const params = text.includes('$3') ? [scope.id, iso(range.from), iso(range.to)] : [scope.id, iso(range.from)];
    const { rows } = await this.db.query<CameraRow>(text, params);
    return toSlices(rows);
  }

  /**
   * The cameras `cameraIds` over `range`, one slice per unit their station was in (groupId = that
   * unit, within = the time it was there): the shape of the day rollup rows.
   */
  async slicesByUnit(cameraIds: readonly string[], range: UptimeRange): Promise<CameraSlice[]> {
    if (cameraIds.length === 0) return [];
    const { rows } = await this.db.query<CameraRow>(CAMERAS_BY_UNIT, [cameraIds, iso(range.from), iso(range.to)]);
    return toSlices(rows);
  }

  /**
   * Connected private cameras registered in `unitIds` (consent still live), each as a slice whose
   * station is its collector: counted from its connection on, its collector's open offline interval
   * ending its own open intervals as a dark station's does. Only connections that exist now: a
   * disconnected camera's history leaves the line with it.
   */
  async connectedPrivateSlices(unitIds: readonly string[]): Promise<CameraSlice[]> {
    if (unitIds.length === 0) return [];
    const { rows } = await this.db.query<{
      camera_id: string;
      station_id: string;
      connected_at: number;
      retired_at: number | null;
      offline_since: number | null;
    }>(CONNECTED_PRIVATE, [unitIds]);
    return rows.map((r) => ({
      cameraId: r.camera_id,
      stationId: r.station_id,
      groupId: null,
      within: [{ start: -Infinity, end: Infinity }],
      installedAt: ms(r.connected_at),
      retiredAt: msOrNull(r.retired_at),
      stationOfflineSince: msOrNull(r.offline_since),
    }));
  }

  /** Status intervals per camera, in start order; rows with a status we do not know are refused loudly. */
  async intervals(cameraIds: readonly string[], range: UptimeRange): Promise<Map<string, StatusInterval[]>> {
    const out = new Map<string, StatusInterval[]>();
    if (cameraIds.length === 0) return out;
    const { rows } = await this.db.query<IntervalRow>(INTERVALS, [cameraIds, iso(range.from), iso(range.to)]);
    for (const r of rows) {
      if (!STATUSES.has(r.status)) throw new Error(`camera ${r.camera_id}: unknown status '${r.status}' in camera_status_intervals`);
      const list = out.get(r.camera_id) ?? [];
      list.push({ status: r.status as IntervalStatus, cause: r.cause, startedAt: ms(r.started_at), endedAt: msOrNull(r.ended_at) });
      out.set(r.camera_id, list);
    }
    return out;
  }

  /** Maintenance spans per station, clipped to the range. */
  async maintenance(stationIds: readonly string[], range: UptimeRange): Promise<Map<string, Span[]>> {
    const out = new Map<string, Span[]>();
    if (stationIds.length === 0) return out;
    const { rows } = await this.db.query<{ station_id: string; starts_at: number; ends_at: number }>(MAINTENANCE, [
      stationIds,
      iso(range.from),
      iso(range.to),
    ]);
    for (const r of rows) {
      const list = out.get(r.station_id) ?? [];
      list.push({ start: ms(r.starts_at), end: ms(r.ends_at) });
      out.set(r.station_id, list);
    }
    return out;
  }

  /**
   * When no hub was listening during the range: the gaps between the heard spans the hubs recorded
   * (hub_heard_spans). Time before the first span and after the last is not a known gap: before,
   * nothing was recorded; after, the hub may be listening and not have written yet.
   */
  async unheard(range: UptimeRange): Promise<Span[]> {
    const { rows } = await this.db.query<{ since: number; until: number }>(HEARD_SPANS, [iso(range.from), iso(range.to)]);
    return intersect(gaps(rows.map((r) => ({ start: ms(r.since), end: ms(r.until) }))), [{ start: range.from, end: range.to }]);
  }

  /** The unit first, then its direct children by name; empty when the unit does not exist. */
  async unitAndChildren(unitId: string): Promise<UnitRow[]> {
    const { rows } = await this.db.query<{ id: string; name: string; kind: string; parent_id: string | null }>(UNIT_AND_CHILDREN, [unitId]);
    const self = rows.filter((r) => r.id === unitId);
    return [...self, ...rows.filter((r) => r.id !== unitId)].map((r) => ({ id: r.id, name: r.name, kind: r.kind, parentId: r.parent_id }));
  }
}

// A station that left a unit and came back has several membership spans: one slice, several spans.
function toSlices(rows: readonly CameraRow[]): CameraSlice[] {
  const slices = new Map<string, CameraSlice>();
  for (const r of rows) {
    const key = `${r.camera_id}\u0000${r.group_id ?? ''}`;
    const span = { start: msOrNull(r.span_from) ?? -Infinity, end: msOrNull(r.span_to) ?? Infinity };
    const known = slices.get(key);
    if (known) {
      known.within.push(span);
      continue;
    }
    slices.set(key, {
      cameraId: r.camera_id,
      stationId: r.station_id,
      groupId: r.group_id,
      within: [span],
      installedAt: r.installed_on === null ? null : localDateToTs(r.installed_on),
      retiredAt: msOrNull(r.retired_at),
      stationOfflineSince: msOrNull(r.offline_since),
    });
  }
  return [...slices.values()];
}

// ---- The SQL of this repository (it selects and clips; the maths is elsewhere). ----

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
export const epochMs = (expr: string) => `(extract(epoch from ${expr}) * 1000)::float8`;

/** The unit and everything below it, any depth; each row tagged with its top-level child. */
/**
 * The edges the unit tree is walked along: a unit hangs under its parent, except a unit merged
 * into another, which hangs under its successor (in the successor's group, never a group of its
 * own), so its history rolls up into the unit that replaced it and is not counted twice.
 */
const TREE_EDGES = `select u.id, u.parent_id as up, false as merged from units u
      where not exists (select 1 from unit_lineage l where l.predecessor_id = u.id and l.relation = 'merged_from')
    union all select l.predecessor_id, l.unit_id, true from unit_lineage l where l.relation = 'merged_from'`;

export const SUBTREE = `subtree(id, group_id, depth) as (
    select u.id, u.id, 0 from units u where u.id = $1
    union all
    select e.id, case when t.depth = 0 and not e.merged then e.id else t.group_id end, t.depth + 1
    from (${TREE_EDGES}) e join subtree t on e.up = t.id
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

/** Since when station `s` has been offline (its open offline interval), or null: a dark station's cameras stop counting. */
const STATION_OFFLINE_SINCE = `(select ${epochMs('o.started_at')} from station_status_intervals o
      where o.station_id = s.id and o.status = 'offline' and o.ended_at is null
      order by o.started_at desc limit 1)`;

export const CAMERA_COLUMNS = `c.id as camera_id, c.station_id, s.installed_at::text as installed_on,
    ${epochMs('least(c.retired_at, s.retired_at)')} as retired_at,
    ${STATION_OFFLINE_SINCE} as offline_since`;

/** $1 = unit ids; connected private cameras registered there (see connectedPrivateSlices). */
const CONNECTED_PRIVATE = `select 'pc-' || k.private_camera_id as camera_id, k.collector_station_id as station_id,
    ${epochMs('k.connected_at')} as connected_at, ${epochMs('s.retired_at')} as retired_at,
    ${STATION_OFFLINE_SINCE} as offline_since
  from private_camera_connections k join private_cameras p on p.id = k.private_camera_id
  join stations s on s.id = k.collector_station_id
  where p.unit_id = any($1::text[]) and p.consent_scope = 'live_connection'
  order by k.private_camera_id`;

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
  select ${CAMERA_COLUMNS}, t.group_id, ${epochMs('lower(m.during)')} as span_from, ${epochMs('upper(m.during)')} as span_to
  from subtree t join membership m on m.unit_id = t.id
  join stations s on s.id = m.station_id join cameras c on c.station_id = s.id
  where m.during && tstzrange($2::timestamptz, $3::timestamptz) and ${LIVE}`;

/** $1 = camera ids; every unit their station was in during [$2, $3), as group_id with the span. */
export const CAMERAS_BY_UNIT = `with recursive ${MEMBERSHIP('s.id in (select station_id from cameras where id = any($1::text[]))')}
  select ${CAMERA_COLUMNS}, m.unit_id as group_id, ${epochMs('lower(m.during)')} as span_from, ${epochMs('upper(m.during)')} as span_to
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
  select camera_id, status, cause, ${epochMs('started_at')} as started_at, ${epochMs('ended_at')} as ended_at
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
  select st.id as station_id, ${epochMs('greatest(w.starts_at, $2::timestamptz)')} as starts_at, ${epochMs('least(w.ends_at, $3::timestamptz)')} as ends_at
  from unnest($1::text[]) as st(id)
  join maintenance_windows w on w.unit_id is null and (w.station_id is null or w.station_id = st.id)
  where w.starts_at < $3::timestamptz and w.ends_at > $2::timestamptz
  union all
  select m.station_id,
    ${epochMs('greatest(w.starts_at, $2::timestamptz, lower(m.during))')},
    ${epochMs('least(w.ends_at, $3::timestamptz, upper(m.during))')}
  from membership m
  join ancestry a on a.unit_id = m.unit_id
  join maintenance_windows w on w.unit_id = a.ancestor_id and (w.station_id is null or w.station_id = m.station_id)
  where w.starts_at < $3::timestamptz and w.ends_at > $2::timestamptz and m.during && tstzrange(w.starts_at, w.ends_at)`;

export const UNIT_AND_CHILDREN = `select id, name, kind, parent_id from units where id = $1 or parent_id = $1 order by name, id`;

/**
 * $1/$2 = range. The heard spans of every hub touching it, plus the nearest one on each side (the
 * gap a range starts or ends inside is bounded by them).
 */
export const HEARD_SPANS = `select ${epochMs('heard_since')} as since, ${epochMs('heard_until')} as until from (
    select heard_since, heard_until from hub_heard_spans where heard_until >= $1::timestamptz and heard_since <= $2::timestamptz
    union all (select heard_since, heard_until from hub_heard_spans where heard_until < $1::timestamptz order by heard_until desc limit 1)
    union all (select heard_since, heard_until from hub_heard_spans where heard_since > $2::timestamptz order by heard_since limit 1)
  ) h where heard_until > heard_since order by 1`;
