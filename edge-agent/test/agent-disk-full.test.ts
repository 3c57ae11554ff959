import { Writable } from 'node:stream';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { SqliteOutboxStore } from '../src/outbox/sqlite-outbox-store.ts';
import { camera, FakeProber } from './helpers/fake-parts.ts';
import { waitUntil } from './helpers/mqtt-recorder.ts';
import { startRecordedCore } from './helpers/recorded-core.ts';
import { capAtCurrentSize } from './helpers/sqlite-file.ts';

const STATION = 'ST-DISKFULL';
const BACKLOG = 150;

/**
 * The disk is full: simulated with SQLite's `PRAGMA max_page_count` set to the file's size (no
 * root, no mount), which makes SQLite answer SQLITE_FULL exactly as it does when the file system
 * has no room left.
 */
function leaveFullOutboxWithBacklog(path: string): number {
  const earlier = new SqliteOutboxStore(path);
  const outbox = earlier.forStation(STATION);
  outbox.startBoot(Date.now() - 3_600_000, 'earlier-boot');
  const fields = { kind: 'camera_rebooted', cameraId: null, message: 'backlog of an earlier run', gap: null } as const;
  for (let i = 0; i < BACKLOG; i++) outbox.append('event', fields, Date.now() - 3_600_000 + i);
  capAtCurrentSize(earlier.db);
  // Fill the last pages to the brim with the smallest records there are.
  let fit = 0;
  for (;;) {
    try {
      outbox.append('event', { ...fields, message: '' }, Date.now());
      fit++;
    } catch {
      break;
    }
  }
  expect(fit).toBeLessThan(1_000);
  earlier.close();
  return BACKLOG + fit;
}

it('with the disk full and a backlog: starts, keeps running, drains the backlog, counts exactly what it could not store', async () => {
  let refusals = 0;
  let backlog = 0;
  let file: SqliteOutboxStore | null = null;
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (chunk.toString().includes('outbox full on disk')) refusals++;
      done();
    },
  });
  const rig = await startRecordedCore(STATION, {
    prober: new FakeProber(),
    cameras: [camera('DF-C1'), camera('DF-C2')],
    intervals: { healthMs: 1000, probeMs: 300, statusRefreshMs: 300, snapshotMs: 600_000 },
    agentVersion: 'disk-full-test',
    logger: pino({ level: 'warn' }, logStream),
    beforeStart: (store) => {
      file = store;
      backlog = leaveFullOutboxWithBacklog(store.path);
      capAtCurrentSize(store.db);
    },
  });
  const { core, recorder } = rig;
  try {
    // Hold the backlog (uplink down) while the core keeps producing into a full disk.
    core.setLinkUp(false);
    await waitUntil('records refused by the full disk', () => core.stats().outbox.unwritten >= 5);
    core.setLinkUp(true);

    const earlier = () => new Set(recorder.data('earlier-boot').map((m) => m.json.seq as number));
    await waitUntil('the whole backlog delivered', () => earlier().size === backlog, 30_000);
    const gapsOfBoot = () =>
      recorder
        .data(core.bootId)
        .filter((m) => m.kind === 'event' && m.json.kind === 'outbox_gap')
        .map((m) => (m.json.gap as { dropped: number }).dropped);
    await waitUntil('a gap marker for what the full disk refused', () => gapsOfBoot().length > 0, 30_000);
    const health = recorder.data(core.bootId).filter((m) => m.kind === 'health').length;
    await waitUntil(
      'health samples after the drain',
      () => recorder.data(core.bootId).filter((m) => m.kind === 'health').length >= health + 2,
    );

    const stats = core.stats();
    expect(stats.connected).toBe(true);
    // Every refusal is counted once: reported by a gap marker, or still waiting for one.
    expect(gapsOfBoot().reduce((a, b) => a + b, 0) + stats.outbox.unwritten).toBe(refusals);
    expect(stats.outbox.droppedTotal + stats.outbox.unwritten).toBe(refusals);
    expect(refusals).toBeGreaterThanOrEqual(5);
    // No seq was skipped in this boot: every loss is a counted gap marker, not a hole.
    const seqs = new Set(recorder.data(core.bootId).map((m) => m.json.seq as number));
    const maxSeq = Math.max(...seqs);
    expect([...Array(maxSeq).keys()].map((i) => i + 1).filter((s) => !seqs.has(s))).toEqual([]);
    // What the core believes is pending is what the file holds.
    const db = file!.db;
    const onDisk = db.prepare('SELECT count(*) AS pending, coalesce(sum(bytes), 0) AS pendingBytes FROM outbox').get() as object;
    const dropped = (db.prepare('SELECT dropped_total AS d FROM station_meta').get() as { d: number }).d;
    const { pending, pendingBytes, droppedTotal } = core.stats().outbox;
    expect({ pending, pendingBytes, droppedTotal }).toEqual({ ...onDisk, droppedTotal: dropped });
  } finally {
    await rig.stop();
  }
});
