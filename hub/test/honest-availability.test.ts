import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UptimeFigures } from '@camwatch/config';
import type { Db } from '../src/db/db.ts';
import { cameraTimeline } from '../src/fleet/camera-timeline.ts';
import { StatusRepository } from '../src/status/status-repository.ts';
import { StatusUpdater, DEFAULT_STATUS_OPTIONS } from '../src/status/status-updater.ts';
import type { StationSignal } from '../src/status/status-rules.ts';
import { UptimeDaysJob } from '../src/uptime/uptime-days-job.ts';
import { UptimeService } from '../src/uptime/uptime-service.ts';
import { monthRange } from '../src/uptime/uptime-range.ts';
import { postgresTarget } from './support/databases.ts';

/**
 * Issue 14, honest availability: a station that is dark (Last Will, or the hub's timeout) for 7
 * of 30 days must not show 100 %; a hub that was not listening for 7 days must not blame anyone.
 * The status history is made by the hub's own status code (StatusUpdater) from signals, as the
 * ingest would, not written by hand; figures are read raw and from the closed-day rollups.
 */
const DAY = 86_400_000;
const at = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+07:00`);
const JUNE = monthRange('2025-06'); // 30 days
const NOW = at('2025-07-02 12:00');
const SEVEN_OF_THIRTY = (23 / 30) * 100;

async function seedStation(db: Db, station: string, cameras: string[]): Promise<void> {
  await db.query(`insert into units (id, name, kind, parent_id) values ('U-HA', 'U-HA', 'province', null) on conflict do nothing`);
  await db.query(
    `insert into stations (id, unit_id, name, address, lat, lon, installed_at, funding) values ($1, 'U-HA', $1, 'x', 10.5, 106.4, '2025-01-01', 'community')`,
    [station],
  );
  for (const id of cameras)
    await db.query(
      `insert into cameras (id, station_id, make, model, bearing_deg, fov_deg, range_m) values ($1, $2, 'Hikvision', 'DS-2CD', 0, 90, 50)`,
      [id, station],
    );
}

const status = new StatusUpdater();

async function signal(db: Db, stationId: string, s: StationSignal): Promise<void> {
  await db.transaction(async (tx) => {
    await status.lockStations(tx, [stationId]);
    await status.applySignals(tx, [{ stationId, signal: s }]);
  });
}

/** A camera status sample as the ingest stores it (camera_status_samples) and then applies it. */
async function cameraOk(db: Db, stationId: string, cameraId: string, ts: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into camera_status_samples (station_id, boot_id, seq, ts, replay, camera_id, status, cause, detail, check_ms)
       values ($1, 'b1', $2, $3, false, $4, 'ok', null, 'picture ok', 100)`,
      [stationId, ts / 1000, new Date(ts).toISOString(), cameraId],
    );
    await status.lockStations(tx, [stationId]);
    await status.applyCameraSamples(tx, [{ cameraId, stationId, ts, status: 'ok', cause: null }]);
  });
}

function expectSameFigures(a: UptimeFigures, b: UptimeFigures): void {
  for (const k of ['upMs', 'downMs', 'unreachableMs', 'unheardMs', 'noDataMs', 'scopeMs'] as const) expect(a[k]).toBeCloseTo(b[k], 0);
  expect(a.availabilityLossCause).toBe(b.availabilityLossCause);
}

describe('honest availability on PostgreSQL', () => {
  const target = postgresTarget();
  afterAll(() => target.stop());

  describe('a station cut off for 7 of 30 days', () => {
    let db: Db;
    beforeAll(async () => {
      db = await target.open();
      // By its Last Will: the broker publishes `offline` for the connection that died.
      await seedStation(db, 'HA-LW', ['HA-LW-1']);
      await signal(db, 'HA-LW', {
        kind: 'state',
        state: 'online',
        bootId: 'b1',
        connectionId: 1,
        at: at('2025-06-01 00:00'),
        retained: false,
      });
      await cameraOk(db, 'HA-LW', 'HA-LW-1', at('2025-06-01 00:00'));
      await signal(db, 'HA-LW', {
        kind: 'state',
        state: 'offline',
        bootId: 'b1',
        connectionId: 1,
        at: at('2025-06-11 00:00'),
        retained: false,
      });
      await signal(db, 'HA-LW', {
        kind: 'state',
        state: 'online',
        bootId: 'b1',
        connectionId: 2,
        at: at('2025-06-18 00:00'),
        retained: false,
      });
      await cameraOk(db, 'HA-LW', 'HA-LW-1', at('2025-06-18 00:00'));
      // By the hub's timeout: silent from 11 June; the sweep finds it (the hub was listening).
      await seedStation(db, 'HA-TO', ['HA-TO-1']);
      await signal(db, 'HA-TO', { kind: 'message', at: at('2025-06-01 00:00'), bootId: 'b1' });
      await cameraOk(db, 'HA-TO', 'HA-TO-1', at('2025-06-01 00:00'));
      await signal(db, 'HA-TO', { kind: 'message', at: at('2025-06-11 00:00'), bootId: 'b1' });
      await db.transaction((tx) => status.sweepTimeouts(tx, at('2025-06-11 00:00') + DEFAULT_STATUS_OPTIONS.offlineAfterMs + 1));
      await signal(db, 'HA-TO', { kind: 'message', at: at('2025-06-18 00:00'), bootId: 'b1' });
      await cameraOk(db, 'HA-TO', 'HA-TO-1', at('2025-06-18 00:00'));
    });

    it.each(['HA-LW', 'HA-TO'])(
      '%s: availability ≤ 77 %% with the cause "station unreachable"; uptime while reachable 100 %%',
      async (station) => {
        const raw = (await new UptimeService(db, { now: () => NOW, rollups: false }).stationUptime(station, JUNE)).total;
        expect(raw.availabilityPct).toBeLessThanOrEqual(77);
        expect(raw.availabilityPct).toBeCloseTo(SEVEN_OF_THIRTY, 1);
        expect(raw.availabilityLossCause).toBe('station_unreachable');
        expect(raw.unreachableMs).toBe(7 * DAY);
        // The camera itself never failed while it could be reached, and nothing was missed by the hub.
        expect(raw.uptimePct).toBe(100);
        expect(raw.downMs).toBe(0);
        expect(raw.coveragePct).toBe(100);
        expect(raw.unheardMs).toBe(0);
      },
    );

    it('the closed-day rollups give the same figures', async () => {
      await new UptimeDaysJob(db, { now: () => NOW, lookbackDays: 40 }).runOnce();
      const viaDays = await new UptimeService(db, { now: () => NOW }).unitUptime('U-HA', JUNE);
      const raw = await new UptimeService(db, { now: () => NOW, rollups: false }).unitUptime('U-HA', JUNE);
      expectSameFigures(viaDays!.total, raw!.total);
      expect(viaDays!.total.availabilityPct).toBeCloseTo(SEVEN_OF_THIRTY, 1);
    });

    it("the station panel's 30-day chart says the same", async () => {
      const t = (await cameraTimeline(db, 'HA-TO-1', '30d', NOW))!;
      expect(t.to - t.from).toBe(30 * DAY);
      expect(t.availabilityPct).toBeCloseTo(SEVEN_OF_THIRTY, 1);
      expect(t.availabilityLossCause).toBe('station_unreachable');
      expect(t.uptimePct).toBe(100);
      expect(t.coveragePct).toBe(100);
    });

    it('a station dark right now counts as unreachable up to now, not as no data', async () => {
      await signal(db, 'HA-LW', {
        kind: 'state',
        state: 'offline',
        bootId: 'b1',
        connectionId: 2,
        at: at('2025-06-24 00:00'),
        retained: false,
      });
      const total = (await new UptimeService(db, { now: () => NOW, rollups: false }).stationUptime('HA-LW', JUNE)).total;
      // 7 + 7 days dark (24 June to the end of the month, the spell still open).
      expect(total.unreachableMs).toBe(14 * DAY);
      expect(total.availabilityPct).toBeCloseTo((16 / 30) * 100, 1);
      expect(total.uptimePct).toBe(100);
    });
  });

  describe('a hub outage of the same length', () => {
    let db: Db;
    const heard = new StatusRepository();
    beforeAll(async () => {
      db = await target.open();
      await seedStation(db, 'HA-HUB', ['HA-HUB-1']);
      await signal(db, 'HA-HUB', {
        kind: 'state',
        state: 'online',
        bootId: 'b1',
        connectionId: 1,
        at: at('2025-06-01 00:00'),
        retained: false,
      });
      await cameraOk(db, 'HA-HUB', 'HA-HUB-1', at('2025-06-01 00:00'));
      // The hub heard until 11 June, then was down (nothing heard, no timeout judged) until 18 June.
      await heard.recordHeardSpan(db, 'hub-a', { since: at('2025-06-01 00:00'), until: at('2025-06-11 00:00') });
      await signal(db, 'HA-HUB', { kind: 'message', at: at('2025-06-18 00:00'), bootId: 'b1' });
      await cameraOk(db, 'HA-HUB', 'HA-HUB-1', at('2025-06-18 00:00'));
    });

    it('changes neither availability nor uptime; it shows as reduced data coverage', async () => {
      const before = (await new UptimeService(db, { now: () => NOW, rollups: false }).stationUptime('HA-HUB', JUNE)).total;
      expect(before.coveragePct).toBe(100);
      // Close the days while the gap is not yet known (the hub has not come back: no later span).
      await new UptimeDaysJob(db, { now: () => NOW, lookbackDays: 40 }).runOnce();
      await heard.recordHeardSpan(db, 'hub-a', { since: at('2025-06-18 00:00'), until: at('2025-06-25 00:00') });
      await heard.recordHeardSpan(db, 'hub-a', { since: at('2025-06-18 00:00'), until: NOW - 60_000 });
      const raw = (await new UptimeService(db, { now: () => NOW, rollups: false }).stationUptime('HA-HUB', JUNE)).total;
      expect(raw.availabilityPct).toBe(100);
      expect(raw.uptimePct).toBe(100);
      expect(raw.availabilityLossCause).toBeNull();
      expect(raw.unheardMs).toBe(7 * DAY);
      expect(raw.unreachableMs).toBe(0);
      expect(raw.coveragePct).toBeCloseTo(SEVEN_OF_THIRTY, 1);
      // The new span invalidated the closed days it changed (migration 114's trigger): rollups agree.
      const viaDays = (await new UptimeService(db, { now: () => NOW }).unitUptime('U-HA', JUNE))!.total;
      expectSameFigures(viaDays, raw);
      expect(viaDays.coveragePct).toBeCloseTo(SEVEN_OF_THIRTY, 1);
    });
  });
});
