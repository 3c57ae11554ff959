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

const snapshot = (st: StationScript, cameraId: string, ts: number, trigger: 'scheduled' | 'reference' | 'command', sha: string) =>
  ({
    kind: 'snapshot',
    stationId: st.stationId,
    receivedAt: ts,
    retained: false,
    payload: { meta: st.snapshotMeta(cameraId, ts, trigger), sha256: sha, bytes: 1000 },
  }) as Extract<IngestItem, { kind: 'snapshot' }>;

/**
 * A connection storm brings every camera's reference snapshot at once. They are recorded in a
 * fixed number of statements per batch, with exactly the latest / history / drop outcome of
 * recording them one at a time.
 */
describe('snapshot metadata of a connection storm', () => {
  const target = postgresTarget();
  let db: Db;
  const repo = new SnapshotRepository(3_600_000);

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(() => target.stop());
  beforeEach(async () => {
    await db.query('TRUNCATE snapshots, message_keys RESTART IDENTITY');
  });

  const rows = async () =>
    (
      await db.query<{ camera_id: string; ts: Date; sha256: string; is_latest: boolean; in_history: boolean }>(
        'SELECT camera_id, ts, sha256, is_latest, in_history FROM snapshots ORDER BY camera_id, ts',
      )
    ).rows.map((r) => `${r.camera_id} ${(new Date(r.ts).getTime() - T0) / MIN} ${r.sha256} latest=${r.is_latest} history=${r.in_history}`);

  /** Per camera: an older latest and an hourly history row, then a batch of new snapshots of every kind. */
  function scenario(stations: number): { before: IngestItem[]; batch: Extract<IngestItem, { kind: 'snapshot' }>[] } {
    const before: IngestItem[] = [];
    const batch: Extract<IngestItem, { kind: 'snapshot' }>[] = [];
    for (let s = 0; s < stations; s++) {
      const st = new StationScript(`ST-${s}`);
      const [c1, c2, c3] = [`ST-${s}-C1`, `ST-${s}-C2`, `ST-${s}-C3`];
      before.push(snapshot(st, c1, T0, 'scheduled', `a${s}`), snapshot(st, c1, T0 + 15 * MIN, 'scheduled', `b${s}`));
      // C1: a scheduled one near the history row: the new latest, not history; the old latest is dropped.
      batch.push(snapshot(st, c1, T0 + 30 * MIN, 'scheduled', `c${s}`));
      // C2: a first reference (latest and history); C3: two in one batch, the second older than the first.
      batch.push(snapshot(st, c2, T0 + 30 * MIN, 'reference', `d${s}`));
      batch.push(snapshot(st, c3, T0 + 90 * MIN, 'scheduled', `e${s}`), snapshot(st, c3, T0 + 20 * MIN, 'command', `f${s}`));
    }
    return { before, batch };
  }

  it('records a batch like one snapshot at a time, in as many statements for 40 stations as for one (bar the cameras with two)', async () => {
    const writer = new IngestWriter(new StatusUpdater(), repo);
    const expected: Record<number, string[]> = {};
    const statements: Record<number, number> = {};
    for (const n of [1, 40]) {
      // One at a time: the reference outcome.
      await db.query('TRUNCATE snapshots, message_keys RESTART IDENTITY');
      const one = scenario(n);
      for (const i of [...one.before, ...one.batch]) await writer.write(db, [i]);
      expected[n] = await rows();
      // The same as one batch.
      await db.query('TRUNCATE snapshots, message_keys RESTART IDENTITY');
      const many = scenario(n);
      for (const i of many.before) await writer.write(db, [i]);
      const c = countingStatements(db);
      const out = await c.db.transaction((tx) =>
        repo.recordMany(
          tx,
          many.batch.map((i) => ({ stationId: i.stationId, snap: i.payload })),
        ),
      );
      statements[n] = c.count();
      expect(out.stored.every(Boolean)).toBe(true);
      expect(out.dropped.sort()).toEqual(Array.from({ length: n }, (_, s) => `b${s}`).sort());
      expect(await rows()).toEqual(expected[n]);
    }
    expect(expected[1]).toEqual([
      'ST-0-C1 0 a0 latest=false history=true',
      'ST-0-C1 30 c0 latest=true history=false',
      'ST-0-C2 30 d0 latest=true history=true',
      'ST-0-C3 20 f0 latest=false history=true',
      'ST-0-C3 90 e0 latest=true history=true',
    ]);
    // C1 and C2 go set-based: their statements do not grow with the stations. C3's two snapshots go one by one through
    // `record`, 5 statements each (the first finds no latest to replace, the second is older and replaces none).
    expect(statements[40]! - statements[1]!).toBe(39 * 2 * 5);
  });

  it('says which snapshots were stored before (a redelivery) and stores the rest', async () => {
    const st = new StationScript('ST-R');
    const first = snapshot(st, 'ST-R-C1', T0, 'reference', 'r1');
    const second = snapshot(st, 'ST-R-C2', T0, 'reference', 'r2');
    await repo.recordMany(db, [{ stationId: st.stationId, snap: first.payload }]);
    const out = await repo.recordMany(db, [
      { stationId: st.stationId, snap: first.payload },
      { stationId: st.stationId, snap: second.payload },
    ]);
    expect(out).toEqual({ stored: [false, true], dropped: [] });
    expect(await rows()).toEqual(['ST-R-C1 0 r1 latest=true history=true', 'ST-R-C2 0 r2 latest=true history=true']);
  });
});
