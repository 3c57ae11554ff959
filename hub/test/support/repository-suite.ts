import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Db } from '../../src/db/db.ts';
import { CredentialService } from '../../src/credentials/credential-service.ts';
import { isMosquittoHash } from '../../src/credentials/mosquitto-password.ts';
import { importInventory } from '../../src/inventory/inventory-import.ts';
import type { IngestItem } from '../../src/ingest/ingest-types.ts';
import { IngestWriter } from '../../src/ingest/ingest-writer.ts';
import { runRetention } from '../../src/jobs/retention-job.ts';
import { HealthRepository } from '../../src/status/health-repository.ts';
import { SnapshotRepository } from '../../src/snapshots/snapshot-repository.ts';
import { SnapshotFiles } from '../../src/snapshots/snapshot-files.ts';
import { StatusUpdater } from '../../src/status/status-updater.ts';
import type { DbTarget } from './databases.ts';
import { fakeJpeg, smallInventory, StationScript } from './fixtures.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2025, 5, 1, 0, 0, 0);
const HOLD = 16 * MIN;

type Interval = { camera_id: string; status: string; cause: string | null; started_at: Date; ended_at: Date | null };

const item = <K extends IngestItem['kind']>(
  kind: K,
  stationId: string,
  payload: Extract<IngestItem, { kind: K }>['payload'],
  receivedAt: number,
  retained = false,
) => ({ kind, stationId, payload, receivedAt, retained }) as Extract<IngestItem, { kind: K }>;

/** One suite, run against every Db implementation (MQTT.js runs one store suite against each store the same way). */
export function defineRepositorySuite(target: DbTarget): void {
  describe(`repositories on ${target.name}`, () => {
    let db: Db;
    const snapshots = new SnapshotRepository(HOUR);
    const writer = new IngestWriter(new StatusUpdater({ offlineHoldMs: HOLD, offlineAfterMs: 3 * MIN }), snapshots);

    beforeAll(async () => {
      db = await target.open();
      await importInventory(db, smallInventory(), new Date(T0 - 86_400_000));
    });
    afterAll(() => target.stop());
    beforeEach(async () => {
      await db.query(`TRUNCATE health_samples, camera_status_samples, station_events, command_replies, station_births, station_liveness,
        station_status_intervals, camera_status_intervals, snapshots RESTART IDENTITY`);
    });

    const intervals = async (cameraId: string) =>
      (
        await db.query<Interval>(
          'SELECT camera_id, status, cause, started_at, ended_at FROM camera_status_intervals WHERE camera_id = $1 ORDER BY started_at',
          [cameraId],
        )
      ).rows.map((r) => ({
        status: r.status,
        cause: r.cause,
        start: new Date(r.started_at).getTime() - T0,
        end: r.ended_at === null ? null : new Date(r.ended_at).getTime() - T0,
      }));

    it('copies rows and rolls back a failed transaction', async () => {
      const n = await db.copyRows(
        'maintenance_windows',
        ['station_id', 'starts_at', 'ends_at', 'reason'],
        [['ST-1', new Date(T0), new Date(T0 + HOUR), 'Thay dây\tmạng\nmới']],
      );
      expect(n).toBe(1);
      await expect(
        db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO maintenance_windows (station_id, starts_at, ends_at, reason) VALUES ('ST-2', now(), now() + interval '1 hour', 'x')`,
          );
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const rows = (await db.query<{ station_id: string; reason: string }>('SELECT station_id, reason FROM maintenance_windows')).rows;
      expect(rows).toEqual([{ station_id: 'ST-1', reason: 'Thay dây\tmạng\nmới' }]);
      await db.query('DELETE FROM maintenance_windows');
    });

    it('joins a nested transaction to the open one, copies inside it, and will not close from inside', async () => {
      const insert = (tx: Db, station: string) =>
        tx.query(
          `INSERT INTO maintenance_windows (station_id, starts_at, ends_at, reason) VALUES ($1, now(), now() + interval '1 hour', 'x')`,
          [station],
        );
      await expect(
        db.transaction(async (tx) => {
          await insert(tx, 'ST-1');
          // A nested call must not commit on its own: the outer rollback takes its row too.
          await tx.transaction((inner) => insert(inner, 'ST-2'));
          expect(
            await tx.copyRows(
              'maintenance_windows',
              ['station_id', 'starts_at', 'ends_at', 'reason'],
              [['ST-3', new Date(T0), new Date(T0 + HOUR), 'y']],
            ),
          ).toBe(1);
          expect((await tx.query('SELECT 1 FROM maintenance_windows')).rowCount).toBe(3);
          await expect(tx.close()).rejects.toThrow(/not a transaction/);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect((await db.query('SELECT 1 FROM maintenance_windows')).rowCount).toBe(0);
    });

    it('imports the inventory idempotently, keeps unit history when a station moves, retires what disappears', async () => {
      const inv = smallInventory();
      const again = await importInventory(db, inv, new Date(T0 - 3_600_000));
      expect(again).toMatchObject({ units: 4, stations: 3, cameras: 5, roadSigns: 1, moved: 0, retired: 0 });
      inv.stations = inv.stations.map((s) => (s.id === 'ST-2' ? { ...s, unitId: 'LA-BL-TT' } : s));
      inv.cameras = inv.cameras.filter((c) => c.id !== 'ST-3-C1');
      const moved = await importInventory(db, inv, new Date(T0));
      expect(moved).toMatchObject({ moved: 1, retired: 1 });
      const hist = await db.query<{ unit_id: string; valid_to: Date | null }>(
        'SELECT unit_id, valid_to FROM station_unit_history WHERE station_id = $1 ORDER BY valid_from',
        ['ST-2'],
      );
      expect(hist.rows.map((r) => [r.unit_id, r.valid_to === null ? null : new Date(r.valid_to).getTime()])).toEqual([
        ['LA-BL-PL', T0],
        ['LA-BL-TT', null],
      ]);
      const counts = await new HealthRepository(db).statusCounts();
      expect(counts.cameras.total).toBe(4);
      await importInventory(db, smallInventory(), new Date(T0 + 1000));
      expect((await new HealthRepository(db).statusCounts()).cameras.total).toBe(5);
    });

    it('stores each message once, whatever the redeliveries and replays', async () => {
      const st = new StationScript('ST-1');
      const h1 = st.health(T0);
      const h2 = st.health(T0 + MIN);
      const c1 = st.status('ST-1-C1', T0 + 2 * MIN, 'ok');
      const first = await writer.write(db, [
        item('health', 'ST-1', h1, T0),
        item('health', 'ST-1', h2, T0 + MIN),
        item('cameraStatus', 'ST-1', c1, T0 + 2 * MIN),
      ]);
      expect(first.stored).toMatchObject({ health: 2, cameraStatus: 1 });
      // The same messages again (broker redelivery), plus a replay of h1 in the same batch.
      const second = await writer.write(db, [
        item('health', 'ST-1', h1, T0 + 3 * MIN),
        item('health', 'ST-1', { ...h1, replay: true }, T0 + 3 * MIN),
        item('cameraStatus', 'ST-1', c1, T0 + 3 * MIN),
      ]);
      expect(second.duplicates).toMatchObject({ health: 2, cameraStatus: 1 });
      expect(second.stored.health ?? 0).toBe(0);
      const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM health_samples');
      expect(n.rows[0]!.n).toBe(2);
      const replayed = await db.query<{ ts: Date }>('SELECT ts FROM health_samples ORDER BY seq');
      expect(replayed.rows.map((r) => new Date(r.ts).getTime())).toEqual([T0, T0 + MIN]);
    });

    it('makes cameras unknown (cause station_offline) when the station dies, not down', async () => {
      const st = new StationScript('ST-1');
      await writer.write(db, [
        item('state', 'ST-1', st.state('online', T0), T0),
        item('cameraStatus', 'ST-1', st.status('ST-1-C1', T0 + MIN, 'down', 'frozen'), T0 + MIN),
        item('cameraStatus', 'ST-1', st.status('ST-1-C2', T0 + MIN, 'ok'), T0 + MIN),
      ]);
      const died = await writer.write(db, [item('state', 'ST-1', st.state('offline', T0), T0 + 10 * MIN)]);
      expect(died.transitions).toEqual([{ stationId: 'ST-1', status: 'offline', at: T0 + 10 * MIN, cause: 'last_will' }]);
      expect(await intervals('ST-1-C1')).toEqual([
        { status: 'unknown', cause: 'no_data', start: 0, end: MIN },
        { status: 'down', cause: 'frozen', start: MIN, end: 10 * MIN },
        { status: 'unknown', cause: 'station_offline', start: 10 * MIN, end: null },
      ]);
      const counts = await new HealthRepository(db).statusCounts();
      expect(counts.stations).toMatchObject({ offline: 1, unknown: 2 });
      expect(counts.cameras).toMatchObject({ unknown: 5, down: 0 });
    });

    it('fills the true slot when a replayed status arrives after the outage', async () => {
      const st = new StationScript('ST-2');
      await writer.write(db, [
        item('state', 'ST-2', st.state('online', T0), T0),
        item('cameraStatus', 'ST-2', st.status('ST-2-C1', T0 + MIN, 'ok'), T0 + MIN),
      ]);
      await writer.write(db, [item('state', 'ST-2', st.state('offline', T0), T0 + 60 * MIN)]);
      const back = new StationScript('ST-2', 'boot-ST-2-0002');
      await writer.write(db, [item('state', 'ST-2', back.state('online', T0 + 120 * MIN), T0 + 120 * MIN)]);
      // The outbox replays what happened during the outage: the camera went down at +70 min, was re-sent at +85.
      await writer.write(db, [
        item('cameraStatus', 'ST-2', back.status('ST-2-C1', T0 + 70 * MIN, 'down', 'unreachable', true), T0 + 121 * MIN),
        item('cameraStatus', 'ST-2', back.status('ST-2-C1', T0 + 85 * MIN, 'down', 'unreachable', true), T0 + 121 * MIN),
      ]);
      await writer.write(db, [item('cameraStatus', 'ST-2', back.status('ST-2-C1', T0 + 122 * MIN, 'ok'), T0 + 122 * MIN)]);
      expect(await intervals('ST-2-C1')).toEqual([
        { status: 'unknown', cause: 'no_data', start: 0, end: MIN },
        { status: 'ok', cause: null, start: MIN, end: 60 * MIN },
        { status: 'unknown', cause: 'station_offline', start: 60 * MIN, end: 70 * MIN },
        { status: 'down', cause: 'unreachable', start: 70 * MIN, end: 85 * MIN + HOLD },
        { status: 'unknown', cause: 'station_offline', start: 85 * MIN + HOLD, end: 120 * MIN },
        { status: 'unknown', cause: 'no_data', start: 120 * MIN, end: 122 * MIN },
        { status: 'ok', cause: null, start: 122 * MIN, end: null },
      ]);
      const stations = await db.query<{ status: string }>(
        'SELECT status FROM station_status_intervals WHERE station_id = $1 ORDER BY started_at',
        ['ST-2'],
      );
      expect(stations.rows.map((r) => r.status)).toEqual(['online', 'offline', 'online']);
    });

    it('times out a silent station', async () => {
      const st = new StationScript('ST-3');
      await writer.write(db, [item('health', 'ST-3', st.health(T0), T0), item('health', 'ST-3', st.health(T0 + MIN), T0 + MIN)]);
      const status = new StatusUpdater({ offlineHoldMs: HOLD, offlineAfterMs: 3 * MIN });
      expect(await db.transaction((tx) => status.sweepTimeouts(tx, T0 + 3.5 * MIN))).toEqual([]);
      const out = await db.transaction((tx) => status.sweepTimeouts(tx, T0 + 4.5 * MIN));
      expect(out).toEqual([{ stationId: 'ST-3', status: 'offline', at: T0 + MIN, cause: 'timeout' }]);
      expect(await intervals('ST-3-C1')).toEqual([
        { status: 'unknown', cause: 'no_data', start: 0, end: MIN },
        { status: 'unknown', cause: 'station_offline', start: MIN, end: null },
      ]);
    });

    it('keeps the latest snapshot and an hourly history; retention removes old history and files', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'camwatch-snap-'));
      try {
        const files = new SnapshotFiles(dir);
        const st = new StationScript('ST-1');
        for (let i = 0; i < 6; i++) {
          const f = await files.put(fakeJpeg(i));
          const out = await writer.write(db, [
            item(
              'snapshot',
              'ST-1',
              { meta: st.snapshotMeta('ST-1-C1', T0 + i * 15 * MIN), sha256: f.sha256, bytes: f.bytes },
              T0 + i * 15 * MIN,
            ),
          ]);
          for (const sha of await snapshots.unreferenced(db, out.droppedSnapshots)) await files.remove(sha);
        }
        const history = await snapshots.history(db, 'ST-1-C1');
        expect(history.map((s) => (s.ts - T0) / MIN)).toEqual([60, 0]);
        const latest = await snapshots.latest(db, 'ST-1-C1');
        expect((latest!.ts - T0) / MIN).toBe(75);
        const deleted = await runRetention(
          db,
          files,
          snapshots,
          { rawRetentionDays: 90, snapshotRetentionDays: 30 },
          T0 + 30 * 86_400_000 + 30 * MIN,
        );
        expect(deleted.snapshots).toBe(1);
        expect((await snapshots.history(db, 'ST-1-C1')).map((s) => (s.ts - T0) / MIN)).toEqual([60]);
        await expect(stat(files.pathOf(history[1]!.sha256))).rejects.toThrow(/ENOENT/);
        await expect(stat(files.pathOf(latest!.sha256))).resolves.toBeTruthy();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('issues, verifies and revokes broker credentials', async () => {
      const creds = new CredentialService(db);
      const c = await creds.createStationCredential('ST-1');
      expect(await creds.verifyStation('ST-1', c.secret)).toBe(true);
      expect(await creds.verifyStation('ST-2', c.secret)).toBe(false);
      expect(await creds.verifyStation('ST-1', c.secret + 'x')).toBe(false);
      const stored = await db.query<{ secret_hash: string }>('SELECT secret_hash FROM station_credentials');
      expect(stored.rows[0]!.secret_hash).not.toContain(c.secret);
      // Stored in Mosquitto's own format, so the hub can write it into a Mosquitto password file.
      expect(isMosquittoHash(stored.rows[0]!.secret_hash)).toBe(true);
      expect(await creds.revokeStation('ST-1')).toBe(1);
      expect(await creds.verifyStation('ST-1', c.secret)).toBe(false);
      const hub = await creds.createHubCredential('hub-a');
      expect(await creds.verifyHub('hub-a', hub.secret)).toBe(true);
      expect(await creds.verifyStation('hub-a', hub.secret)).toBe(false);
    });

    it('enforces raw retention itself on plain PostgreSQL', async () => {
      const st = new StationScript('ST-3');
      await writer.write(db, [
        item('health', 'ST-3', st.health(T0), T0),
        item('health', 'ST-3', st.health(T0 + 89 * 86_400_000), T0 + 89 * 86_400_000),
      ]);
      const files = new SnapshotFiles(join(tmpdir(), 'camwatch-unused'));
      const deleted = await runRetention(db, files, snapshots, { rawRetentionDays: 90, snapshotRetentionDays: 30 }, T0 + 91 * 86_400_000);
      const left = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM health_samples')).rows[0]!.n;
      if (db.features.timescale) {
        expect(deleted.health_samples).toBeUndefined(); // TimescaleDB's retention policy owns raw data
        expect(left).toBe(2);
      } else {
        expect(deleted.health_samples).toBe(1);
        expect(left).toBe(1);
      }
    });
  });
}

export { T0, MIN, HOUR };
export const silentLog = pino({ level: 'silent' });
