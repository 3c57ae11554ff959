import { mulberry32 } from '@camwatch/testkit/mulberry32';
import type { Db } from '../src/db/db.ts';

/**
 * A generated fleet history for the rollup equality tests: a three-level unit tree, stations
 * with 1–3 cameras, random status runs (chained outages with changing causes, gaps with no
 * interval, unknown spells, open intervals at the end), a station moved mid-day, a camera retired
 * mid-month, a station installed mid-month, one station offline at `now` with open intervals,
 * station and unit maintenance. Deterministic from its seed.
 */
export const MIN = 60_000;
export const H = 60 * MIN;
export const DAY = 24 * H;
/** Local wall-clock time in Asia/Ho_Chi_Minh. */
export const at = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+07:00`);
export const DAY0 = at('2025-03-01 00:00');
export const iso = (ts: number | null) => (ts === null ? null : new Date(ts).toISOString());

export const rng = mulberry32;

export interface History {
  p: string;
  districts: string[];
  communes: string[];
  stations: string[];
  cameras: { id: string; station: string }[];
}

const STATUSES = ['ok', 'ok', 'ok', 'degraded', 'down', 'unknown'] as const;
const CAUSES = ['unreachable', 'stream_failing', 'frozen', 'black'] as const;

export async function seedHistory(db: Db, prefix: string, seed: number, now: number): Promise<History> {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const p = `${prefix}-P`;
  const districts = [`${prefix}-D1`, `${prefix}-D2`];
  const communes = [`${prefix}-C1`, `${prefix}-C2`, `${prefix}-C3`, `${prefix}-C4`];
  await db.query(`insert into units (id, name, kind, parent_id) values ($1, $1, 'province', null)`, [p]);
  for (const d of districts) await db.query(`insert into units (id, name, kind, parent_id) values ($1, $1, 'district', $2)`, [d, p]);
  for (const [i, c] of communes.entries())
    await db.query(`insert into units (id, name, kind, parent_id) values ($1, $1, 'commune', $2)`, [c, districts[i >> 1]]);
  const stations: string[] = [];
  const cameras: { id: string; station: string }[] = [];
  for (let s = 1; s <= 8; s++) {
    const id = `${prefix}-S${s}`;
    stations.push(id);
    const installed = s === 5 ? '2025-03-08' : '2025-02-01';
    await db.query(
      `insert into stations (id, unit_id, name, address, lat, lon, installed_at, funding) values ($1, $2, $1, 'x', 10.5, 106.4, $3, 'community')`,
      [id, communes[s % 4], installed],
    );
    for (let c = 1; c <= 1 + (s % 3); c++) cameras.push({ id: `${id}-C${c}`, station: id });
  }
  for (const cam of cameras) {
    const retired = cam.id === `${prefix}-S1-C2` ? iso(DAY0 + 17 * DAY + 10 * H) : null;
    await db.query(
      `insert into cameras (id, station_id, make, model, bearing_deg, fov_deg, range_m, retired_at) values ($1, $2, 'Hikvision', 'DS-2CD', 0, 90, 50, $3)`,
      [cam.id, cam.station, retired],
    );
    const list = randomIntervals(r, pick, DAY0 - 4 * DAY, now);
    const last = list[list.length - 1];
    if (last && cam.station === `${prefix}-S8`) last[3] = null; // open while its station is offline
    await insertIntervals(db, cam, list);
  }
  // S2 moved from C2 to C4 at 14:00 on day 12 (history rows, today's unit on the station row).
  await db.query(`insert into station_unit_history values ($1, $2, $3, $4), ($1, $5, $4, null)`, [
    stations[1],
    communes[2],
    iso(DAY0 - 30 * DAY),
    iso(DAY0 + 11 * DAY + 14 * H),
    communes[3],
  ]);
  await db.query(`update stations set unit_id = $2 where id = $1`, [stations[1], communes[3]]);
  // S8 offline since 20:00 two days ago; its cameras' last intervals stay open.
  await db.query(
    `insert into station_status_intervals (station_id, status, started_at, ended_at) values ($1, 'online', $2, $3), ($1, 'offline', $3, null)`,
    [stations[7], iso(DAY0), iso(now - 2 * DAY - 6 * H)],
  );
  await db.query(
    `insert into maintenance_windows (station_id, unit_id, starts_at, ends_at, reason) values ($1, null, $2, $3, 'gen'), (null, $4, $5, $6, 'gen')`,
    [
      stations[3],
      iso(DAY0 + 6 * DAY + 22 * H),
      iso(DAY0 + 7 * DAY + 3 * H),
      districts[1],
      iso(DAY0 + 14 * DAY + 9 * H),
      iso(DAY0 + 14 * DAY + 11 * H),
    ],
  );
  return { p, districts, communes, stations, cameras };
}

type Interval = [status: string, cause: string | null, start: number, end: number | null];

function randomIntervals(r: () => number, pick: <T>(xs: readonly T[]) => T, from: number, now: number): Interval[] {
  const out: Interval[] = [];
  let t = from + Math.floor((r() * 6 * H) / MIN) * MIN;
  while (t < now - 3 * H) {
    if (r() < 0.1) t += Math.floor((r() * 20 * H) / MIN) * MIN; // a gap: nothing known
    const status = pick(STATUSES);
    const long = r() < 0.15;
    let dur = Math.max(MIN, Math.floor((r() * (long ? 40 * H : 5 * H)) / MIN) * MIN);
    if (t + dur >= now - MIN) dur = now - MIN - t;
    if (dur <= 0) break;
    out.push([status, status === 'down' ? pick(CAUSES) : null, t, t + dur]);
    t += dur;
  }
  const last = out[out.length - 1];
  if (last && r() < 0.8) last[3] = null; // still open
  return out;
}

export async function insertIntervals(db: Db, cam: { id: string; station: string }, list: readonly Interval[]): Promise<void> {
  if (list.length === 0) return;
  await db.query(
    `insert into camera_status_intervals (camera_id, station_id, status, cause, started_at, ended_at)
     select $1, $2, * from unnest($3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])`,
    [cam.id, cam.station, list.map((i) => i[0]), list.map((i) => i[1]), list.map((i) => iso(i[2])), list.map((i) => iso(i[3]))],
  );
}
