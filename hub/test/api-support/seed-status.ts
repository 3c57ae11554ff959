import type { Db } from '../../src/db/db.ts';
import type { SnapshotFiles } from '../../src/snapshots/snapshot-files.ts';

/** A tiny valid JPEG (SOI … EOI) whose bytes differ per `n`, so each snapshot is its own file. */
export function fakeJpeg(n: number): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`camwatch-test-${n}`), Buffer.from([0xff, 0xd9])]);
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Writes what the ingest would have written for a known situation `hoursAgo` → now:
 * ST-C1-A online (cam 1 ok, cam 2 down/unreachable for the last hour), ST-C1-B never heard,
 * ST-C2-A offline for 30 min (cameras unknown), ST-C3-A online (both ok). Every camera that was
 * heard has snapshots two hours and ten minutes ago.
 */
export async function seedStatus(db: Db, files: SnapshotFiles, now = Date.now()): Promise<{ downSince: number; offlineSince: number }> {
  const start = now - 6 * 3_600_000;
  const downSince = now - 3_600_000;
  const offlineSince = now - 30 * 60_000;
  const liveness = [
    ['ST-C1-A', 'online', start],
    ['ST-C2-A', 'offline', offlineSince],
    ['ST-C3-A', 'online', start],
  ] as const;
  for (const [id, state, since] of liveness) {
    await db.query(
      `INSERT INTO station_liveness (station_id, state, boot_id, connection_id, last_seen_at, changed_at) VALUES ($1, $2, 'boot-0001', 1, $3, $4)`,
      [id, state, iso(state === 'online' ? now - 5_000 : offlineSince), iso(since)],
    );
    await db.query(`INSERT INTO station_status_intervals (station_id, status, started_at, ended_at) VALUES ($1, 'online', $2, $3)`, [
      id,
      iso(start),
      state === 'online' ? null : iso(offlineSince),
    ]);
    if (state === 'offline')
      await db.query(
        `INSERT INTO station_status_intervals (station_id, status, cause, started_at) VALUES ($1, 'offline', 'last_will', $2)`,
        [id, iso(offlineSince)],
      );
  }
  const interval = (cam: string, station: string, status: string, cause: string | null, from: number, to: number | null) =>
    db.query(
      'INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [cam, station, status, cause, iso(from), to === null ? null : iso(to)],
    );
  await interval('ST-C1-A-1', 'ST-C1-A', 'ok', null, start, null);
  await interval('ST-C1-A-2', 'ST-C1-A', 'ok', null, start, downSince);
  await interval('ST-C1-A-2', 'ST-C1-A', 'down', 'unreachable', downSince, null);
  for (const cam of ['ST-C2-A-1', 'ST-C2-A-2']) {
    await interval(cam, 'ST-C2-A', 'ok', null, start, offlineSince);
    await interval(cam, 'ST-C2-A', 'unknown', 'station_offline', offlineSince, null);
  }
  for (const cam of ['ST-C3-A-1', 'ST-C3-A-2']) await interval(cam, 'ST-C3-A', 'ok', null, start, null);
  let n = 0;
  for (const cam of ['ST-C1-A-1', 'ST-C1-A-2', 'ST-C2-A-1', 'ST-C2-A-2', 'ST-C3-A-1', 'ST-C3-A-2']) {
    const station = cam.slice(0, 7);
    for (const [ago, latest] of [
      [2 * 3_600_000, false],
      [10 * 60_000, true],
    ] as const) {
      const { sha256, bytes } = await files.put(fakeJpeg(++n));
      await db.query(
        `INSERT INTO snapshots (camera_id, station_id, boot_id, seq, ts, sha256, bytes, width, height, trigger, is_latest, in_history)
         VALUES ($1, $2, 'boot-0001', $3, $4, $5, $6, 640, 360, 'scheduled', $7, true)`,
        [cam, station, n, iso(now - ago), sha256, bytes, latest],
      );
    }
  }
  return { downSince, offlineSince };
}
