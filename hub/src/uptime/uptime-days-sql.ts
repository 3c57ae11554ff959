import { SUBTREE } from './uptime-sql.ts';

/** The SQL of the day rollups (table camera_uptime_days, migration 110). Days are local dates. */

export const FIGURE_COLUMNS = [
  'scope_ms',
  'up_ms',
  'degraded_ms',
  'down_ms',
  'no_data_ms',
  'maintenance_ms',
  'failures',
  'resolved_outages',
  'resolved_outage_ms',
] as const;

/** $1 = camera ids, $2/$3 = first day included / first day excluded. Sums per camera and unit. */
export const DAY_SUMS = `select camera_id, unit_id, (count(*) filter (where first_part))::int as days,
    ${FIGURE_COLUMNS.map((c) => `sum(${c})::float8 as ${c}`).join(', ')}
  from camera_uptime_days
  where camera_id = any($1::text[]) and day >= $2::date and day < $3::date
  group by camera_id, unit_id`;

/** $1 = unit id: every unit below it (itself included) with the direct child whose subtree holds it. */
export const SUBTREE_GROUPS = `with recursive ${SUBTREE} select id, group_id from subtree`;

/** Every camera has an epoch row before the job reads one, so the share lock always has a row to hold. */
export const ENSURE_EPOCHS = `insert into camera_uptime_epochs (camera_id) select id from cameras on conflict (camera_id) do nothing`;

/** $1 = start of the day (timestamptz), $2 = the day: cameras in service that day without rows for it. */
export const MISSING_CAMERAS = `select c.id from cameras c join stations s on s.id = c.station_id
  where (least(c.retired_at, s.retired_at) is null or least(c.retired_at, s.retired_at) > $1::timestamptz)
    and not exists (select 1 from camera_uptime_days d where d.camera_id = c.id and d.day = $2::date and d.first_part)
  order by c.id`;

/** $1 = camera ids, $2 = the day: those still without rows (another hub may have just written them). */
export const STILL_MISSING = `select id from unnest($1::text[]) as c(id)
  where not exists (select 1 from camera_uptime_days d where d.camera_id = c.id and d.day = $2::date and d.first_part)`;

export const READ_EPOCHS = `select camera_id, epoch::text as epoch from camera_uptime_epochs where camera_id = any($1::text[])`;

/** Held until commit: a trigger bumping one of these epochs waits, then deletes what we wrote. */
export const LOCK_EPOCHS = `select camera_id, epoch::text as epoch from camera_uptime_epochs where camera_id = any($1::text[]) order by camera_id for share`;

const ARRAY_TYPES = [
  'text',
  'date',
  'text',
  'text',
  'boolean',
  ...FIGURE_COLUMNS.map((c) => (c === 'failures' || c === 'resolved_outages' ? 'integer' : 'float8')),
];
const COLUMNS = ['camera_id', 'day', 'unit_id', 'station_id', 'first_part', ...FIGURE_COLUMNS];

/** Two hubs computing the same day write the same figures: the later one simply wins. */
export const UPSERT_DAYS = `insert into camera_uptime_days (${COLUMNS.join(', ')})
  select * from unnest(${ARRAY_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
  on conflict (camera_id, day, unit_id) do update set
    ${COLUMNS.slice(3)
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}, computed_at = now()`;

/** Arbitrary constant, one advisory lock per (this key, day number): two hubs never close the same day at once. */
export const CLOSE_DAY_LOCK = 72_614_110;

/** $1 = camera ids, $2/$3 = days, $4 = unit ids to keep (null = all): first-part rows per day (days present). */
export const DAYS_PRESENT = `select day::text as day, count(*)::int as n from camera_uptime_days
  where camera_id = any($1::text[]) and day >= $2::date and day < $3::date and first_part
  group by day`;

/**
 * Per day, the aggregate the daily series shows: sums, and cameras / observed cameras / stations
 * counted per camera-day (a moved camera's rows of one day are one camera).
 */
export const DAY_AGGREGATES = `with cd as (
    select day, camera_id, station_id, ${FIGURE_COLUMNS.map((c) => `sum(${c}) as ${c}`).join(', ')}
    from camera_uptime_days
    where camera_id = any($1::text[]) and day >= $2::date and day < $3::date and ($4::text[] is null or unit_id = any($4::text[]))
    group by day, camera_id, station_id
  )
  select day::text as day, ${FIGURE_COLUMNS.map((c) => `sum(${c})::float8 as ${c}`).join(', ')},
    (count(*) filter (where scope_ms > 0))::int as cameras,
    (count(*) filter (where up_ms + down_ms > 0))::int as cameras_observed,
    (count(distinct station_id) filter (where scope_ms > 0))::int as stations
  from cd group by day`;
