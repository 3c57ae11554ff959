/**
 * `pnpm bench uptime [--cameras N] [--days D]`: a month's uptime reports through the raw path
 * (status intervals fetched and measured in TypeScript) and through the day rollups
 * (camera_uptime_days plus live maths for today), in one run on one real PostgreSQL. Seeds a
 * province shaped like Long An (15 districts, 192 communes, 2.5 cameras per station) with about
 * four status changes per camera-day, closes the days with the job, then times (a) the
 * province report by commune (what /api/reports/uptime serves) and (b) one commune's figures,
 * and (c) the province's daily series, each both ways, and checks that both ways give identical figures.
 * Each figure is the median of 5 timed runs after one untimed run, for both paths alike: the first
 * run of a query pays for cold caches and planning, and timing one path cold and the other warm
 * would credit the rollups with the cache.
 * Last line: {"cameras","days","rawMs","rollupMs","speedup",…} (rawMs/rollupMs = province report).
 */
import { PostgresServer } from '@camwatch/testkit';
import { localDate, startOfLocalDay } from '@camwatch/config';
import type { Db } from '@camwatch/hub';
import { migrate, PgDb, ALL, buildUptimeReport, type ReportUnit, UptimeDaysJob, UptimeService } from '@camwatch/hub/testing';
import { flagValue, integerFlag } from '../cli/number-flag.ts';

const DAY = 86_400_000;
const DISTRICTS = 15;
const COMMUNES = 192;
const CAMERAS_PER_STATION = 2.5;
/** Status changes per camera-day: one interval every six hours, starting at a jittered time. */
const SLOTS_PER_DAY = 4;

/** The fleet and its history, generated inside PostgreSQL (generate_series) for speed. */
export async function seed(db: Db, cameras: number, from: number, now: number): Promise<void> {
  const stations = Math.ceil(cameras / CAMERAS_PER_STATION);
  await db.query(`insert into units (id, name, kind, parent_id) values ('P', 'Tỉnh', 'province', null)`);
  await db.query(
    `insert into units (id, name, kind, parent_id) select 'D' || d, 'Huyện ' || d, 'district', 'P' from generate_series(1, ${DISTRICTS}) d`,
  );
  await db.query(
    `insert into units (id, name, kind, parent_id) select 'C' || c, 'Xã ' || c, 'commune', 'D' || (1 + c % ${DISTRICTS}) from generate_series(1, ${COMMUNES}) c`,
  );
  await db.query(`insert into stations (id, unit_id, name, address, lat, lon, installed_at, funding)
    select 'S' || s, 'C' || (1 + s % ${COMMUNES}), 'Trạm ' || s, 'x', 10.5, 106.4, date '2024-01-01', 'community' from generate_series(1, ${stations}) s`);
  await db.query(`insert into cameras (id, station_id, make, model, bearing_deg, fov_deg, range_m)
    select 'S' || (1 + (c * 2) / 5) || '-C' || c, 'S' || (1 + (c * 2) / 5), 'Hikvision', 'DS-2CD', 0, 90, 50 from generate_series(0, ${cameras - 1}) c`);
  // The triggers of migration 110 are for live writes; a bulk seed of history has nothing to invalidate.
  await db.query('alter table camera_status_intervals disable trigger user');
  const slots = Math.ceil((now - from) / DAY) * SLOTS_PER_DAY;
  const t = (n: string) =>
    `to_timestamp(${from / 1000} + (${n}) * ${DAY / 1000 / SLOTS_PER_DAY} + abs(hashtext(c.id || ':' || (${n}))) % 10800)`;
  await db.query(`insert into camera_status_intervals (camera_id, station_id, status, cause, started_at, ended_at)
    select id, station_id, status, case when status = 'down' then 'unreachable' end, started_at, case when ended_at <= to_timestamp(${now / 1000}) then ended_at end
    from (
      select c.id, c.station_id, n.n, ${t('n.n')} as started_at, ${t('n.n + 1')} as ended_at,
        case when h < 75 then 'ok' when h < 83 then 'degraded' when h < 93 then 'down' else 'unknown' end as status
      from cameras c cross join generate_series(0, ${slots - 1}) n(n)
      cross join lateral (select abs(hashtext(c.id || '#' || n.n)) % 100 as h) x
    ) g where started_at < to_timestamp(${now / 1000})`);
  await db.query('alter table camera_status_intervals enable trigger user');
  await db.query(`insert into maintenance_windows (station_id, starts_at, ends_at, reason)
    select 'S' || s, to_timestamp(${from / 1000} + (s % 28) * 86400 + 7200), to_timestamp(${from / 1000} + (s % 28) * 86400 + 14400), 'bench'
    from generate_series(1, ${stations}, 50) s`);
  await db.query('vacuum analyze');
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: Math.round(performance.now() - t0), value };
}

const RUNS = 5;

/** One untimed warm-up run, then the median of RUNS timed runs (the value of the last). */
async function warmMedian<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T; runsMs: number[] }> {
  await fn();
  const runs: Array<{ ms: number; value: T }> = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timed(fn));
  const runsMs = runs.map((r) => r.ms);
  return { ms: [...runsMs].sort((a, b) => a - b)[Math.floor(RUNS / 2)]!, value: runs.at(-1)!.value, runsMs };
}

export default async function main(argv: string[]): Promise<void> {
  const cameras = integerFlag('cameras', flagValue(argv, 'cameras'), 25_000, 1);
  const days = integerFlag('days', flagValue(argv, 'days'), 30, 1);
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const now = Date.now();
  const today = startOfLocalDay(now);
  const from = today - days * DAY;
  const q = { from: localDate(from), to: localDate(today - DAY), groupBy: 'commune' as const };
  log(`uptime bench: ${cameras} cameras, ${days} closed days (${q.from} – ${q.to}), ${SLOTS_PER_DAY} intervals per camera-day`);

  const server = await new PostgresServer().start();
  try {
    const db = await PgDb.connect(server.url);
    try {
      await migrate(db);
      const seeded = await timed(() => seed(db, cameras, from - DAY, now));
      const n = await db.query<{ n: number }>('select count(*)::int as n from camera_status_intervals');
      log(`seeded ${n.rows[0]?.n} status intervals in ${(seeded.ms / 1000).toFixed(1)} s`);

      const closed = await timed(() => new UptimeDaysJob(db, { lookbackDays: days, batchSize: 5_000 }).runOnce());
      log(`closed ${closed.value.cameraDays} camera-days (${closed.value.rows} rows) in ${(closed.ms / 1000).toFixed(1)} s`);
      await db.query('vacuum analyze camera_uptime_days');
      const size = await db.query<{ b: string }>(`select pg_total_relation_size('camera_uptime_days')::text as b`);
      const bytesPerCameraDay = Math.round(Number(size.rows[0]?.b) / Math.max(1, closed.value.rows));
      log(`camera_uptime_days: ${bytesPerCameraDay} bytes a row with its indexes`);

      const units = (await db.query<ReportUnit & { parent_id: string | null }>('select id, name, kind, parent_id from units')).rows.map(
        (u) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parent_id }),
      );
      const raw = new UptimeService(db, { rollups: false });
      const rolled = new UptimeService(db);
      const range = { from, to: today };
      const reportRaw = await warmMedian(() => buildUptimeReport(raw, units, ALL, q));
      const reportRolled = await warmMedian(() => buildUptimeReport(rolled, units, ALL, q));
      const communeRaw = await warmMedian(() => raw.unitUptime('C7', range));
      const communeRolled = await warmMedian(() => rolled.unitUptime('C7', range));
      const seriesRaw = await warmMedian(() => raw.dailySeries({ kind: 'unit', id: 'P' }, range));
      const seriesRolled = await warmMedian(() => rolled.dailySeries({ kind: 'unit', id: 'P' }, range));
      const same = [
        [reportRaw, reportRolled],
        [communeRaw, communeRolled],
        [seriesRaw, seriesRolled],
      ].every(([a, b]) => JSON.stringify(a?.value) === JSON.stringify(b?.value));
      log(`province report by commune (${reportRaw.value.rows.length} rows): raw ${reportRaw.ms} ms, rollup ${reportRolled.ms} ms`);
      log(`one commune (${communeRaw.value?.total.cameras} cameras):        raw ${communeRaw.ms} ms, rollup ${communeRolled.ms} ms`);
      log(`province daily series (${seriesRaw.value.points.length} days):    raw ${seriesRaw.ms} ms, rollup ${seriesRolled.ms} ms`);
      log(
        `(each: median of ${RUNS} runs after a warm-up; province report runs raw ${reportRaw.runsMs.join('/')} ms, rollup ${reportRolled.runsMs.join('/')} ms)`,
      );
      log(`figures identical both ways: ${same ? 'yes' : 'NO'}`);
      if (!same) process.exitCode = 1;
      log(
        JSON.stringify({
          bench: 'uptime',
          cameras,
          days,
          runs: RUNS,
          rawMs: reportRaw.ms,
          rollupMs: reportRolled.ms,
          speedup: Number((reportRaw.ms / Math.max(1, reportRolled.ms)).toFixed(1)),
          communeRawMs: communeRaw.ms,
          communeRollupMs: communeRolled.ms,
          seriesRawMs: seriesRaw.ms,
          seriesRollupMs: seriesRolled.ms,
          closeDaysMs: closed.ms,
          cameraDays: closed.value.cameraDays,
          bytesPerCameraDay,
          identical: same,
        }),
      );
    } finally {
      await db.close();
    }
  } finally {
    await server.destroy();
  }
}
