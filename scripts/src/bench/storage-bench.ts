/**
 * `pnpm bench storage [--cameras N]`: database bytes per camera-day. Inserts one simulated day of
 * raw samples at the default intervals (camera status re-sent every statusRefreshIntervalMs plus a
 * few changes, station health every healthIntervalMs, 2.5 cameras per station as in Long An) into
 * (a) PostgreSQL (plain tables, the hub's migrations) and (b) TimescaleDB in PGlite (hypertables),
 * then compresses (b)'s chunks. Snapshot bytes are computed from the history policy and the size cap.
 * Last line: JSON with rows and bytes per camera-day, raw and compressed.
 */
import { DEFAULTS } from '@camwatch/config';
import { PostgresServer } from '@camwatch/testkit';
import type { Db } from '@camwatch/hub';
import { migrate, PgDb, PgliteDb } from '@camwatch/hub/testing';

const DAY = 86_400_000;
const CAMERAS_PER_STATION = 2.5;
const CHANGES_PER_CAMERA_DAY = 4;
const ENVELOPE = ['station_id', 'boot_id', 'seq', 'ts', 'received_at', 'replay'];
const STATUS_COLS = [...ENVELOPE, 'camera_id', 'status', 'cause', 'detail', 'stream', 'picture', 'check_ms'];
const HEALTH_COLS = [
  ...ENVELOPE,
  'cpu_pct',
  'load1',
  'mem_used_pct',
  'disk_used_pct',
  'temp_c',
  'uptime_s',
  'uplink_latency_ms',
  'bytes_sent_today',
  'clock_offset_ms',
  'outbox_pending',
  'outbox_dropped',
];

/** One day of samples for `cameras` cameras, starting at a UTC midnight (one TimescaleDB chunk). */
function day(cameras: number, start: number): { status: unknown[][]; health: unknown[][] } {
  const stations = Math.ceil(cameras / CAMERAS_PER_STATION);
  const status: unknown[][] = [];
  const health: unknown[][] = [];
  const seq = new Map<string, number>();
  const next = (s: string) => {
    const v = (seq.get(s) ?? 0) + 1;
    seq.set(s, v);
    return v;
  };
  const perDay = DAY / DEFAULTS.statusRefreshIntervalMs.value + CHANGES_PER_CAMERA_DAY;
  for (let c = 0; c < cameras; c++) {
    const stationId = `ST-${String(Math.floor(c / CAMERAS_PER_STATION)).padStart(6, '0')}`;
    for (let k = 0; k < perDay; k++) {
      const ts = new Date(start + Math.floor(((k + 0.5) * DAY) / perDay) + c);
      const down = k % 25 === 24;
      status.push([
        stationId,
        'boot-0001',
        next(stationId),
        ts,
        ts,
        false,
        `${stationId}-C${c % 3}`,
        down ? 'down' : 'ok',
        down ? 'unreachable' : null,
        '',
        down ? null : { codec: 'h264', width: 1920, height: 1080, fps: 25, bitrateKbps: 2048 },
        null,
        800 + (k % 300),
      ]);
    }
  }
  for (let s = 0; s < stations; s++) {
    const stationId = `ST-${String(s).padStart(6, '0')}`;
    for (let t = start; t < start + DAY; t += DEFAULTS.healthIntervalMs.value) {
      const ts = new Date(t + s);
      health.push([
        stationId,
        'boot-0001',
        next(stationId),
        ts,
        ts,
        false,
        10 + (t % 37),
        0.3,
        40 + (t % 7),
        20,
        48,
        (t - start) / 1000,
        80 + (t % 50),
        (t - start) / 400,
        5,
        0,
        0,
      ]);
    }
  }
  return { status, health };
}

async function load(db: Db, rows: ReturnType<typeof day>): Promise<void> {
  for (let i = 0; i < rows.status.length; i += 5000)
    await db.copyRows('camera_status_samples', STATUS_COLS, rows.status.slice(i, i + 5000));
  for (let i = 0; i < rows.health.length; i += 5000) await db.copyRows('health_samples', HEALTH_COLS, rows.health.slice(i, i + 5000));
}

const bytes = async (db: Db, sql: string) => Number((await db.query<{ b: string }>(sql)).rows[0]!.b);
const both = (fn: (t: string) => string) => `SELECT (${fn('camera_status_samples')}) + (${fn('health_samples')}) AS b`;

export default async function main(argv: string[]): Promise<void> {
  const i = argv.indexOf('--cameras');
  const cameras = i >= 0 ? Number(argv[i + 1]) : 500;
  if (!Number.isInteger(cameras) || cameras <= 0) throw new Error('--cameras: a positive integer');
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const start = Math.floor((Date.now() - 10 * DAY) / DAY) * DAY;
  const rows = day(cameras, start);
  const rowsPerCameraDay = (rows.status.length + rows.health.length) / cameras;
  log(
    `storage bench: ${cameras} cameras, one day: ${rows.status.length} camera-status rows, ${rows.health.length} health rows (${rowsPerCameraDay.toFixed(0)} rows per camera-day)`,
  );

  const server = await new PostgresServer().start();
  let pgBytes: number;
  try {
    const db = await PgDb.connect(server.url);
    try {
      await migrate(db);
      await load(db, rows);
      await db.query('VACUUM ANALYZE camera_status_samples, health_samples');
      pgBytes = await bytes(
        db,
        both((t) => `SELECT pg_total_relation_size('${t}')`),
      );
    } finally {
      await db.close();
    }
  } finally {
    await server.destroy();
  }
  log(`(a) PostgreSQL tables + indexes: ${(pgBytes / cameras).toFixed(0)} bytes per camera-day`);

  const lite = await PgliteDb.create();
  let tsRaw: number;
  let tsCompressed: number;
  try {
    await migrate(lite);
    await load(lite, rows);
    tsRaw = await bytes(
      lite,
      both((t) => `SELECT hypertable_size('${t}')`),
    );
    await lite.query(
      `SELECT compress_chunk(c) FROM show_chunks('camera_status_samples') c UNION ALL SELECT compress_chunk(c) FROM show_chunks('health_samples') c`,
    );
    tsCompressed = await bytes(
      lite,
      both((t) => `SELECT hypertable_size('${t}')`),
    );
  } finally {
    await lite.close();
  }
  log(
    `(b) TimescaleDB hypertables: ${(tsRaw / cameras).toFixed(0)} bytes per camera-day raw, ${(tsCompressed / cameras).toFixed(0)} compressed (×${(tsRaw / tsCompressed).toFixed(1)})`,
  );

  // Snapshot history keeps at most one per camera per snapshotHistoryEveryMs (plus the latest), each ≤ snapshotMaxBytes.
  const snapshotsPerDay = DAY / DEFAULTS.snapshotHistoryEveryMs.value;
  const snapshotBytesMax = snapshotsPerDay * DEFAULTS.snapshotMaxBytes.value;
  const uploadBytesMax = (DAY / DEFAULTS.snapshotIntervalMs.value) * DEFAULTS.snapshotMaxBytes.value;
  log(
    `(c) snapshots kept: ≤ ${snapshotsPerDay} per camera-day, ≤ ${(snapshotBytesMax / 1e6).toFixed(2)} MB; uploaded ≤ ${(uploadBytesMax / 1e6).toFixed(2)} MB per camera-day`,
  );
  log(
    JSON.stringify({
      bench: 'storage',
      cameras,
      rowsPerCameraDay: Math.round(rowsPerCameraDay),
      pgBytesPerCameraDay: Math.round(pgBytes / cameras),
      timescaleRawBytesPerCameraDay: Math.round(tsRaw / cameras),
      timescaleCompressedBytesPerCameraDay: Math.round(tsCompressed / cameras),
      snapshotsKeptPerCameraDay: snapshotsPerDay,
      snapshotBytesPerCameraDayMax: snapshotBytesMax,
      snapshotRetentionDays: DEFAULTS.snapshotRetentionDays.value,
      rawRetentionDays: DEFAULTS.rawRetentionDays.value,
    }),
  );
}
