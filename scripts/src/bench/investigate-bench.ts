/**
 * `pnpm bench investigate [--points N] [--private N] [--days D]`: "who could have seen it" on the
 * generated Long An fleet (1,696 cameras) plus N synthetic registered private cameras (default
 * 25,000, the figure for one province), on one real PostgreSQL. D days of status history
 * (four changes per camera-day) and a snapshot every six hours per camera are seeded, so the
 * status and snapshot reads do their real work. Then N spots (default 200; half within 150 m of
 * inside a programme camera's view, where investigations happen, half anywhere among the stations) each with a random
 * two-hour window, asked as a province admin two ways, interleaved:
 * - candidate: the service as the hub runs it (stations and private cameras kept to a box around
 *   the spot in SQL, on their (lat, lon) indexes, then viewCovers);
 * - baseline: the same service without the box (every camera of the area read and tested).
 * Both must name the same cameras for every spot. Goal: candidate p95 < 500 ms (issue 16 item 6).
 * Last line: {"bench":"investigate","p95Ms",…,"baselineP95Ms",…}.
 */
import { randomUUID } from 'node:crypto';
import { PostgresServer, mulberry32 } from '@camwatch/testkit';
import { permissionsOf, type Investigation } from '@camwatch/config';
import { importInventory } from '@camwatch/hub';
import { ALL, AuditLog, GeoFiles, InvestigationService, migrate, PgDb, SnapshotLinks, type Principal } from '@camwatch/hub/testing';
import { flagValue, integerFlag } from '../cli/number-flag.ts';
import { generateFleet } from '../fleet/generate-fleet.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const GOAL_P95_MS = 500;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1]! };
};

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

export default async function main(argv: string[]): Promise<boolean> {
  const points = integerFlag('points', flagValue(argv, 'points'), 200, 1);
  const privateCount = integerFlag('private', flagValue(argv, 'private'), 25_000, 0);
  const days = integerFlag('days', flagValue(argv, 'days'), 30, 1);
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const now = Date.now();
  const from = now - days * DAY;
  const fleet = generateFleet({ seed: 1 });
  log(
    `investigate bench: Long An fleet (${fleet.summary.stations} stations, ${fleet.summary.cameras} cameras), ${privateCount} private cameras, ${days} days of history, ${points} spots`,
  );

  const server = await new PostgresServer().start();
  try {
    const db = await PgDb.connect(server.url);
    try {
      await migrate(db);
      const t0 = performance.now();
      await importInventory(db, fleet.inventory, new Date(from - DAY));
      await seedHistory(db, from, now);
      await seedPrivateCameras(db, privateCount);
      await db.query('vacuum analyze');
      const counts = await db.query<{ intervals: number; snapshots: number; private: number }>(
        `select (select count(*) from camera_status_intervals)::int as intervals, (select count(*) from snapshots)::int as snapshots,
                (select count(*) from private_cameras)::int as private`,
      );
      const c = counts.rows[0]!;
      log(
        `seeded ${c.intervals} status intervals, ${c.snapshots} snapshots, ${c.private} private cameras in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );

      const stations = fleet.inventory.stations;
      const stationOf = new Map(stations.map((st) => [st.id, st]));
      const cameraList = fleet.inventory.cameras;
      const rng = mulberry32(42);
      const lats = stations.map((s) => s.lat);
      const lons = stations.map((s) => s.lon);
      const box = { s: Math.min(...lats), n: Math.max(...lats), w: Math.min(...lons), e: Math.max(...lons) };
      const spots = Array.from({ length: points }, (_, i) => {
        let lat: number;
        let lon: number;
        if (i % 2 === 0) {
          // Where investigations happen: in front of a programme camera, inside its wedge.
          const cam = cameraList[Math.floor(rng() * cameraList.length)]!;
          const st = stationOf.get(cam.stationId)!;
          const dist = rng() * 0.8 * cam.rangeM;
          const dir = ((cam.bearingDeg + (rng() - 0.5) * 0.8 * Math.min(cam.fovDeg, 360)) * Math.PI) / 180;
          lat = st.lat + (dist * Math.cos(dir)) / 110_574;
          lon = st.lon + (dist * Math.sin(dir)) / (111_320 * Math.cos((st.lat * Math.PI) / 180));
        } else {
          lat = box.s + rng() * (box.n - box.s);
          lon = box.w + rng() * (box.e - box.w);
        }
        const start = Math.floor(from + rng() * (now - from - 3 * HOUR));
        return { route: `${lat.toFixed(6)},${lon.toFixed(6)}`, from: start, to: start + 2 * HOUR };
      });

      const principal: Principal = {
        userId: randomUUID(),
        username: 'bench',
        displayName: 'bench',
        role: 'province_admin',
        unitIds: [],
        language: 'vi',
        scope: ALL,
        sessionExpiresAt: now + DAY,
        permissions: new Set(permissionsOf('province_admin')),
      };
      const audit = new AuditLog(db);
      const links = new SnapshotLinks(db, HOUR);
      const geo = new GeoFiles(null);
      const candidate = new InvestigationService(db, geo, links, audit);
      const baseline = new InvestigationService(db, geo, links, audit, { prefilter: false });
      const ask = async (svc: InvestigationService, q: (typeof spots)[number]) => {
        const t = performance.now();
        const r = await svc.run(principal, q, 'json', null);
        return { ms: performance.now() - t, r };
      };
      const names = (r: Investigation) =>
        JSON.stringify([r.programmeCameras.map((x) => [x.cameraId, x.shares]), r.privateCameras.map((x) => x.id)]);

      // Warm-up, untimed: connection, plans and caches for both alike.
      for (const q of spots.slice(0, 5)) {
        await ask(candidate, q);
        await ask(baseline, q);
      }
      const candMs: number[] = [];
      const baseMs: number[] = [];
      let programmeFound = 0;
      let privateFound = 0;
      let mismatches = 0;
      for (const [i, q] of spots.entries()) {
        // Alternate which goes first, so neither always runs on the other's warm cache.
        const [a, b] = i % 2 === 0 ? [await ask(candidate, q), await ask(baseline, q)] : [undefined, await ask(baseline, q)];
        const cand = a ?? (await ask(candidate, q));
        candMs.push(cand.ms);
        baseMs.push(b.ms);
        programmeFound += cand.r.programmeCameras.length;
        privateFound += cand.r.privateCameras.length;
        if (names(cand.r) !== names(b.r)) mismatches++;
      }
      const cand = summary(candMs);
      const base = summary(baseMs);
      log(
        `candidate (SQL box on (lat, lon) + viewCovers): p50 ${round(cand.p50)} ms, p95 ${round(cand.p95)} ms, max ${round(cand.max)} ms`,
      );
      log(
        `baseline  (every camera read, viewCovers):      p50 ${round(base.p50)} ms, p95 ${round(base.p95)} ms, max ${round(base.max)} ms`,
      );
      log(
        `per spot: ${(programmeFound / points).toFixed(2)} programme and ${(privateFound / points).toFixed(2)} private cameras found; answers differing between the two: ${mismatches}`,
      );
      const met = cand.p95 < GOAL_P95_MS && mismatches === 0;
      log(`goal p95 < ${GOAL_P95_MS} ms: ${met ? 'met' : 'MISSED'}`);
      log(
        JSON.stringify({
          bench: 'investigate',
          stations: fleet.summary.stations,
          cameras: fleet.summary.cameras,
          privateCameras: c.private,
          points,
          days,
          p50Ms: round(cand.p50),
          p95Ms: round(cand.p95),
          maxMs: round(cand.max),
          baselineP50Ms: round(base.p50),
          baselineP95Ms: round(base.p95),
          speedupP95: round(base.p95 / Math.max(0.1, cand.p95)),
          programmePerSpot: round(programmeFound / points, 2),
          privatePerSpot: round(privateFound / points, 2),
          mismatches,
          goalP95Ms: GOAL_P95_MS,
          met,
        }),
      );
      return met;
    } finally {
      await db.close();
    }
  } finally {
    await server.destroy();
  }
}

/** Four status changes per camera-day and a snapshot every six hours, generated inside PostgreSQL. */
async function seedHistory(db: PgDb, from: number, now: number): Promise<void> {
  const slots = Math.ceil((now - from) / DAY) * 4;
  const t = (n: string) => `to_timestamp(${from / 1000} + (${n}) * 21600 + abs(hashtext(c.id || ':' || (${n}))) % 10800)`;
  await db.query('alter table camera_status_intervals disable trigger user');
  await db.query(`insert into camera_status_intervals (camera_id, station_id, status, cause, started_at, ended_at)
    select id, station_id, status, case when status = 'down' then 'unreachable' when status = 'unknown' then 'station_offline' end,
      started_at, case when ended_at <= to_timestamp(${now / 1000}) then ended_at end
    from (
      select c.id, c.station_id, ${t('n.n')} as started_at, ${t('n.n + 1')} as ended_at,
        case when h < 80 then 'ok' when h < 87 then 'degraded' when h < 95 then 'down' else 'unknown' end as status
      from cameras c cross join generate_series(0, ${slots - 1}) n(n)
      cross join lateral (select abs(hashtext(c.id || '#' || n.n)) % 100 as h) x
    ) g where started_at < to_timestamp(${now / 1000})`);
  await db.query('alter table camera_status_intervals enable trigger user');
  await db.query(`insert into snapshots (camera_id, station_id, boot_id, seq, ts, sha256, bytes, width, height, trigger, in_history)
    select c.id, c.station_id, c.id, n, to_timestamp(${from / 1000} + n * 21600), md5(c.id || n), 40000, 1280, 720, 'scheduled', true
    from cameras c cross join generate_series(0, ${slots - 1}) n`);
}

/**
 * Synthetic register: seven in ten cameras within 300 m of a station (homes and shops along the
 * same roads), the rest anywhere among the stations; random view, 7–60 days kept.
 */
async function seedPrivateCameras(db: PgDb, count: number): Promise<void> {
  if (count === 0) return;
  await db.query('select setseed(0.42)');
  await db.query(`with st as (select row_number() over (order by id) as rn, unit_id, lat, lon from stations),
      n as (select count(*) as k from st),
      b as (select min(lat) as s, max(lat) as nn, min(lon) as w, max(lon) as e from stations)
    insert into private_cameras (unit_id, owner_kind, owner_name, owner_phone, address, lat, lon, bearing_deg, fov_deg, range_m,
      faces_street, recorder_kind, recorder_brand, recording_days, consent_date, consent_scope, registered_by, registered_at, updated_at)
    select st.unit_id, (array['household', 'business', 'agency'])[1 + g % 3], 'Chủ camera ' || g, '0900' || lpad(g::text, 6, '0'), 'Địa chỉ ' || g,
      case when g % 10 < 7 then st.lat + (random() - 0.5) * 0.0054 else b.s + random() * (b.nn - b.s) end,
      case when g % 10 < 7 then st.lon + (random() - 0.5) * 0.0054 else b.w + random() * (b.e - b.w) end,
      random() * 360, 60 + random() * 50, 20 + random() * 60, true, 'dvr', null, 7 + floor(random() * 54)::int,
      date '2025-01-01', 'footage_contact', 'bench', now(), now()
    from generate_series(1, ${count}) g cross join n cross join b join st on st.rn = 1 + g % n.k`);
}
