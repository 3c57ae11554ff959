import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.ts';
import type { IngestItem } from '../src/ingest/ingest-types.ts';
import { IngestWriter } from '../src/ingest/ingest-writer.ts';
import { SnapshotRepository } from '../src/snapshots/snapshot-repository.ts';
import { StatusUpdater } from '../src/status/status-updater.ts';
import { postgresTarget } from './support/databases.ts';
import { countingStatements } from './support/statement-counter.ts';
import { StationScript } from './support/fixtures.ts';

const MIN = 60_000;
const T0 = Date.UTC(2025, 5, 1, 0, 0, 0);
const HOLD = 16 * MIN;
const OPTS = { offlineHoldMs: HOLD, offlineAfterMs: 3 * MIN };

const item = <K extends IngestItem['kind']>(
  kind: K,
  stationId: string,
  payload: Extract<IngestItem, { kind: K }>['payload'],
  receivedAt: number,
) => ({ kind, stationId, payload, receivedAt, retained: false }) as Extract<IngestItem, { kind: K }>;

describe('status updates on PostgreSQL: storms and out-of-order samples', () => {
  const target = postgresTarget();
  let db: Db;
  const writer = new IngestWriter(new StatusUpdater(OPTS), new SnapshotRepository(3_600_000));

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => target.stop());
  beforeEach(async () => {
    await db.query(
      `TRUNCATE health_samples, camera_status_samples, station_liveness, station_status_intervals, camera_status_intervals RESTART IDENTITY`,
    );
  });

  const intervals = async (cameraId: string) =>
    (
      await db.query<{ status: string; cause: string | null; started_at: Date; ended_at: Date | null }>(
        'SELECT status, cause, started_at, ended_at FROM camera_status_intervals WHERE camera_id = $1 ORDER BY started_at',
        [cameraId],
      )
    ).rows.map((r) => ({
      status: r.status,
      cause: r.cause,
      start: new Date(r.started_at).getTime() - T0,
      end: r.ended_at === null ? null : new Date(r.ended_at).getTime() - T0,
    }));

  /** `n` stations with two cameras each come online and report; then all fall silent and the sweep times them out. */
  async function storm(n: number): Promise<{ statements: number; transitions: number }> {
    const items: IngestItem[] = [];
    for (let s = 0; s < n; s++) {
      const st = new StationScript(`ST-${s}`);
      items.push(item('state', st.stationId, st.state('online', T0), T0));
      items.push(item('cameraStatus', st.stationId, st.status(`ST-${s}-C1`, T0 + MIN, 'ok'), T0 + MIN));
      items.push(item('cameraStatus', st.stationId, st.status(`ST-${s}-C2`, T0 + MIN, 'down', 'frozen'), T0 + MIN));
    }
    await writer.write(db, items);
    const status = new StatusUpdater(OPTS);
    const c = countingStatements(db);
    const transitions = await c.db.transaction((tx) => status.sweepTimeouts(tx, T0 + 10 * MIN));
    return { statements: c.count(), transitions: transitions.length };
  }

  it("times out a storm of stations in as many statements as one station, every camera unknown from its station's last message", async () => {
    const one = await storm(1);
    expect(one.transitions).toBe(1);
    const alone = [await intervals('ST-0-C1'), await intervals('ST-0-C2')];
    expect(alone[1]!.at(-1)).toMatchObject({ status: 'unknown', cause: 'station_offline', end: null });
    await db.query(`TRUNCATE camera_status_samples, station_liveness, station_status_intervals, camera_status_intervals RESTART IDENTITY`);
    const many = await storm(300);
    expect(many.transitions).toBe(300);
    expect(many.statements).toBe(one.statements);
    // Each station's cameras end up exactly as when it timed out alone.
    for (const s of [0, 150, 299]) expect([await intervals(`ST-${s}-C1`), await intervals(`ST-${s}-C2`)]).toEqual(alone);
    const open = await db.query<{ status: string; cause: string; n: number }>(
      `SELECT status, cause, count(*)::int AS n FROM camera_status_intervals WHERE ended_at IS NULL GROUP BY status, cause`,
    );
    expect(open.rows).toEqual([{ status: 'unknown', cause: 'station_offline', n: 600 }]);
    const stations = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM station_status_intervals WHERE ended_at IS NULL AND status = 'offline'`,
    );
    expect(stations.rows[0]!.n).toBe(300);
  });

  it('puts a late sample into its slot even when a later sample of the camera was stored first (two hubs, a redelivery)', async () => {
    const st = new StationScript('ST-1');
    await writer.write(db, [
      item('state', 'ST-1', st.state('online', T0), T0),
      item('cameraStatus', 'ST-1', st.status('ST-1-C1', T0 + MIN, 'ok'), T0 + MIN),
    ]);
    const down = st.status('ST-1-C1', T0 + 5 * MIN, 'down', 'unreachable');
    const later = st.status('ST-1-C1', T0 + 10 * MIN, 'ok');
    // The later sample commits first (it went to the other hub); the earlier one arrives after it.
    await writer.write(db, [item('cameraStatus', 'ST-1', later, T0 + 10 * MIN)]);
    await writer.write(db, [item('cameraStatus', 'ST-1', down, T0 + 10 * MIN + 1)]);
    // No inventory here: the camera is known from its first sample on.
    expect(await intervals('ST-1-C1')).toEqual([
      { status: 'ok', cause: null, start: MIN, end: 5 * MIN },
      { status: 'down', cause: 'unreachable', start: 5 * MIN, end: 10 * MIN },
      { status: 'ok', cause: null, start: 10 * MIN, end: null },
    ]);
  });

  it('applies a batch holding a station transition and later samples of its cameras once, in their slots', async () => {
    const st = new StationScript('ST-2');
    await writer.write(db, [
      item('state', 'ST-2', st.state('online', T0), T0),
      item('cameraStatus', 'ST-2', st.status('ST-2-C1', T0 + MIN, 'ok'), T0 + MIN),
    ]);
    await writer.write(db, [item('state', 'ST-2', st.state('offline', T0), T0 + 20 * MIN)]);
    const back = new StationScript('ST-2', 'boot-ST-2-0002');
    const out = await writer.write(db, [
      item('state', 'ST-2', back.state('online', T0 + 30 * MIN), T0 + 30 * MIN),
      item('cameraStatus', 'ST-2', back.status('ST-2-C1', T0 + 31 * MIN, 'down', 'black'), T0 + 31 * MIN),
      item('cameraStatus', 'ST-2', back.status('ST-2-C1', T0 + 32 * MIN, 'ok'), T0 + 32 * MIN),
    ]);
    expect(out.transitions.map((t) => t.status)).toEqual(['online']);
    expect(await intervals('ST-2-C1')).toEqual([
      { status: 'ok', cause: null, start: MIN, end: 20 * MIN },
      { status: 'unknown', cause: 'station_offline', start: 20 * MIN, end: 30 * MIN },
      { status: 'unknown', cause: 'no_data', start: 30 * MIN, end: 31 * MIN },
      { status: 'down', cause: 'black', start: 31 * MIN, end: 32 * MIN },
      { status: 'ok', cause: null, start: 32 * MIN, end: null },
    ]);
  });
});
