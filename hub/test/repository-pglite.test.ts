import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteTarget } from './support/databases.ts';
import { defineRepositorySuite, MIN, T0 } from './support/repository-suite.ts';
import type { Db } from '../src/db/db.ts';
import { IngestWriter } from '../src/ingest/ingest-writer.ts';
import { SnapshotRepository } from '../src/snapshots/snapshot-repository.ts';
import { StatusUpdater } from '../src/status/status-updater.ts';
import { StationScript } from './support/fixtures.ts';

// The same suite on TimescaleDB SQL (PGlite build with the extension).
defineRepositorySuite(pgliteTarget());

describe('TimescaleDB path', () => {
  const target = pgliteTarget();
  let db: Db;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => target.stop());

  it('puts raw samples in compressed, retained hypertables', async () => {
    expect(db.features.timescale).toBe(true);
    const hyper = await db.query<{ hypertable_name: string; compression_enabled: boolean }>(
      'SELECT hypertable_name, compression_enabled FROM timescaledb_information.hypertables ORDER BY 1',
    );
    expect(hyper.rows).toEqual(
      ['camera_status_samples', 'command_replies', 'health_samples', 'station_events'].map((n) => ({
        hypertable_name: n,
        compression_enabled: true,
      })),
    );
    const jobs = await db.query<{ proc_name: string; n: number }>(
      `SELECT proc_name, count(*)::int AS n FROM timescaledb_information.jobs WHERE proc_name IN ('policy_compression', 'policy_retention', 'policy_refresh_continuous_aggregate') GROUP BY 1 ORDER BY 1`,
    );
    expect(jobs.rows).toEqual([
      { proc_name: 'policy_compression', n: 4 },
      { proc_name: 'policy_refresh_continuous_aggregate', n: 2 },
      { proc_name: 'policy_retention', n: 4 },
    ]);
  });

  it('rolls health and status up hourly in continuous aggregates', async () => {
    const caggs = await db.query<{ view_name: string }>('SELECT view_name FROM timescaledb_information.continuous_aggregates ORDER BY 1');
    expect(caggs.rows.map((r) => r.view_name)).toEqual(['camera_status_hourly', 'health_hourly']);
    const writer = new IngestWriter(new StatusUpdater(), new SnapshotRepository(3_600_000));
    const st = new StationScript('ST-9');
    const items = [];
    for (let i = 0; i < 4; i++)
      items.push({
        kind: 'health' as const,
        stationId: 'ST-9',
        receivedAt: T0 + i * 20 * MIN,
        retained: false,
        payload: { ...st.health(T0 + i * 20 * MIN), cpuPct: 10 * (i + 1) },
      });
    items.push({
      kind: 'cameraStatus' as const,
      stationId: 'ST-9',
      receivedAt: T0,
      retained: false,
      payload: st.status('ST-9-C1', T0 + MIN, 'down', 'black'),
    });
    await writer.write(db, items);
    // No background jobs in PGlite: refresh by hand.
    await db.query(`CALL refresh_continuous_aggregate('health_hourly', NULL, NULL)`);
    await db.query(`CALL refresh_continuous_aggregate('camera_status_hourly', NULL, NULL)`);
    const health = await db.query<{ bucket: Date; samples: number; cpu: number }>(
      `SELECT bucket, samples::int AS samples, cpu_pct_avg::float8 AS cpu FROM health_hourly WHERE station_id = 'ST-9' ORDER BY bucket`,
    );
    expect(health.rows.map((r) => [new Date(r.bucket).getTime() - T0, r.samples, r.cpu])).toEqual([
      [0, 3, 20],
      [60 * MIN, 1, 40],
    ]);
    const status = await db.query<{ down: number }>(
      `SELECT down_samples::int AS down FROM camera_status_hourly WHERE camera_id = 'ST-9-C1'`,
    );
    expect(status.rows).toEqual([{ down: 1 }]);
  });

  it('stores a late replay into a compressed chunk once', async () => {
    const writer = new IngestWriter(new StatusUpdater(), new SnapshotRepository(3_600_000));
    const st = new StationScript('ST-8');
    const old = st.health(T0 - 10 * 86_400_000);
    const at = (ms: number) => ({ kind: 'health' as const, stationId: 'ST-8', receivedAt: ms, retained: false });
    await writer.write(db, [{ ...at(old.ts), payload: old }]);
    const compressed = await db.query<{ n: number }>(
      `SELECT count(compress_chunk(c, if_not_compressed => true))::int AS n FROM show_chunks('health_samples') c`,
    );
    expect(compressed.rows[0]!.n).toBeGreaterThan(0);
    const again = await writer.write(db, [
      { ...at(T0), payload: { ...old, replay: true } },
      { ...at(T0), payload: st.health(old.ts + 60_000, true) },
    ]);
    expect(again.duplicates.health).toBe(1);
    expect(again.stored.health).toBe(1);
    const n = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM health_samples WHERE station_id = 'ST-8'`);
    expect(n.rows[0]!.n).toBe(2);
  });
});
