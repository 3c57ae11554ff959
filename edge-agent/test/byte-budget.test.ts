import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfLocalDay, stationPublishFilter, type SnapshotMode } from '@camwatch/config';
import { MosquittoServer } from '@camwatch/testkit';
import { startAgentCore } from '../src/core/agent-core.ts';
import type { CameraTarget, CheckContext, Clock } from '../src/core/ports.ts';
import { SnapshotBudget } from '../src/core/snapshot-budget.ts';
import { DailyByteCounter } from '../src/mqtt/daily-byte-counter.ts';
import { SqliteOutboxStore } from '../src/outbox/sqlite-outbox-store.ts';
import { camera, FakeProber, FixedHealth } from './helpers/fake-parts.ts';
import { MqttRecorder, waitUntil } from './helpers/mqtt-recorder.ts';

const BUDGET = 20_000_000;
const CAP = 60_000;
const CAMERAS = 8;
const MINUTE = 60_000;
const silent = pino({ level: 'silent' });

/** The worst camera: every snapshot exactly at whatever cap it is given (a busy street at night, full of noise). */
class AtCapProber extends FakeProber {
  override async snapshot(_t?: CameraTarget, ctx?: CheckContext): Promise<{ jpeg: Buffer; width: number; height: number }> {
    const size = Math.min(CAP, ctx?.snapshotMaxBytes ?? CAP);
    return {
      jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(size - 6, 0x11), Buffer.from([0xff, 0xd9])]),
      width: 640,
      height: 360,
    };
  }
}

describe('a simulated day of an 8-camera station set to exceed its budget', () => {
  it('snapshots every minute at the 60 KB cap (≈ 695 MB wanted) stay within 20 MB, and the plan says so', () => {
    // Local midnight of a fixed day, so the day has its whole 24 h ahead.
    const dayStart = startOfLocalDay(Date.parse('2026-12-08T12:00:00+07:00'));
    let t = 0;
    const clock: Clock = { now: () => dayStart + t, monotonic: () => t };
    const bytes = new DailyByteCounter({ day: 0, bytes: 0 }, clock.now());
    const budget = new SnapshotBudget({
      bytes,
      clock,
      settings: () => ({
        budgetBytes: BUDGET,
        cameras: CAMERAS,
        snapshotMs: MINUTE,
        snapshotMaxBytes: CAP,
        healthMs: MINUTE,
        statusRefreshMs: 15 * MINUTE,
      }),
      flush: () => {},
      logger: silent,
    });
    const modes = new Map<SnapshotMode, number>();
    let shots = 0;
    let changedShots = 0;
    let projectedMax = 0;
    for (let minute = 0; minute < 24 * 60 - 1; minute++) {
      t = minute * MINUTE + 1_000;
      // Health every minute, each camera's status every 15 min (wire sizes as measured by the agent bench).
      bytes.add(620, clock.now());
      if (minute % 15 === 0) bytes.add(CAMERAS * 560, clock.now());
      // Camera 1 changes status once an hour (a fault and its repair): a snapshot goes even when suspended.
      for (let c = 0; c < CAMERAS; c++) {
        const changed = c === 0 && minute % 60 === 30;
        const cap = budget.scheduled(`C${c}`, changed);
        if (cap === null) continue;
        const jpeg = Math.min(CAP, cap);
        bytes.add(jpeg + 260, clock.now());
        budget.taken(jpeg, cap);
        shots++;
        if (changed) changedShots++;
      }
      const plan = budget.report();
      modes.set(plan.mode, (modes.get(plan.mode) ?? 0) + 1);
      if (minute > 60) projectedMax = Math.max(projectedMax, plan.projectedBytes);
    }
    const used = bytes.today(clock.now()).bytes;
    const wanted = CAMERAS * 24 * 60 * (CAP + 260);
    console.info(
      `simulated day: ${(used / 1e6).toFixed(2)} MB used of ${BUDGET / 1e6} MB (unplanned: ${(wanted / 1e6).toFixed(0)} MB), ${shots} snapshots of ${CAMERAS * 24 * 60} scheduled, ${budget.skipped} held back, minutes by mode ${JSON.stringify(Object.fromEntries(modes))}`,
    );
    expect(wanted).toBeGreaterThan(BUDGET * 10);
    expect(used).toBeLessThanOrEqual(BUDGET);
    // The budget is spent on pictures, not hoarded: most of it goes.
    expect(used).toBeGreaterThan(BUDGET * 0.8);
    expect(shots).toBeGreaterThan(CAMERAS * 24);
    expect(budget.skipped).toBe(CAMERAS * (24 * 60 - 1) - shots);
    expect(modes.get('full') ?? 0).toBe(0);
    expect(modes.get('reduced') ?? 0).toBeGreaterThan(0);
    // The health figure never promised more than the budget once the day's rate was known.
    expect(projectedMax).toBeLessThanOrEqual(BUDGET);
    expect(changedShots).toBeGreaterThanOrEqual(23);
  });
});

describe('an agent core near the end of its budget, on real Mosquitto', () => {
  const broker = new MosquittoServer();
  const dir = mkdtempSync(join(tmpdir(), 'camwatch-budget-'));
  let recorder: MqttRecorder;
  beforeAll(async () => {
    await broker.start();
    recorder = await MqttRecorder.open(broker.url, stationPublishFilter('ST-BUD'), 'test-hub-budget');
  });
  afterAll(async () => {
    await recorder?.close();
    await broker.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends scheduled snapshots on change only, says so in health, and stays within the budget', async () => {
    // 18:00 local, running in real time: six hours left of a day that already used 17.5 MB of 20, while health
    // every 10 s alone needs about 1.6 MB of the rest and 5 % is kept in reserve: nothing is left for scheduled snapshots.
    const t0 = Date.now();
    const clock: Clock = { now: () => Date.parse('2026-12-08T18:00:00+07:00') + (Date.now() - t0) };
    const store = new SqliteOutboxStore(join(dir, 'outbox.db'), { synchronous: 'NORMAL' });
    const outbox = store.forStation('ST-BUD');
    outbox.saveBytes(startOfLocalDay(clock.now()), 17_500_000);
    const prober = new AtCapProber();
    const cameras = Array.from({ length: CAMERAS }, (_v, i) => camera(`ST-BUD-C${i + 1}`));
    const core = startAgentCore({
      stationId: 'ST-BUD',
      mqtt: { url: broker.url, reconnectMinMs: 100, reconnectMaxMs: 300 },
      prober,
      health: new FixedHealth(),
      cameras,
      outbox,
      clock,
      intervals: { healthMs: 10_000, probeMs: 1_000, snapshotMs: 1_000, statusRefreshMs: 900_000 },
      limits: { dailyByteBudget: BUDGET, snapshotMaxBytes: CAP },
      spreadStart: true,
      agentVersion: 'test',
    });
    const snapshotsOf = (id: string) => recorder.of('snapshot').filter((m) => m.json.cameraId === id);
    try {
      // Each camera's first good picture becomes its reference and is sent (at the budget's size): then nothing while nothing changes.
      await waitUntil('a first snapshot of every camera', () => cameras.every((c) => snapshotsOf(c.cameraId).length >= 1));
      expect(recorder.of('snapshot').every((m) => m.body.length < 13_000)).toBe(true);
      const skippedBefore = core.stats().snapshotsSkipped;
      await new Promise((r) => setTimeout(r, 3_000));
      expect(core.stats().snapshotsSkipped).toBeGreaterThanOrEqual(skippedBefore + CAMERAS * 2);
      expect(cameras.map((c) => snapshotsOf(c.cameraId).length)).toEqual(cameras.map(() => 1));

      prober.verdicts.set('ST-BUD-C3', { status: 'degraded', cause: 'blurred', detail: 'lens out of focus', stream: null, picture: null });
      await waitUntil('a snapshot of the camera that changed', () => snapshotsOf('ST-BUD-C3').length >= 2);
      expect(snapshotsOf('ST-BUD-C3').at(-1)!.json.trigger).toBe('scheduled');
      expect(snapshotsOf('ST-BUD-C1')).toHaveLength(1);

      await waitUntil('a health message after the plan settled', () => recorder.of('health').length >= 2);
      const health = recorder.of('health').at(-1)!.json;
      expect(health).toMatchObject({ byteBudget: BUDGET, snapshotMode: 'on_change' });
      expect(health.bytesSentToday as number).toBeGreaterThan(17_500_000);
      expect(health.bytesProjectedToday as number).toBeLessThanOrEqual(BUDGET);
      const stats = core.stats();
      expect(stats.budget.mode).toBe('on_change');
      expect(stats.bytesSentToday).toBeLessThanOrEqual(BUDGET);
    } finally {
      await core.stop();
      store.close();
    }
  }, 60_000);
});
