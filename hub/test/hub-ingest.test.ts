import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget } from './support/databases.ts';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fakeJpeg, StationScript } from './support/fixtures.ts';
import { counter, HubHarness, publish, until, type BrokerKind } from './support/hub-harness.ts';

const count = async (h: HubHarness, sql: string, params: unknown[] = []) => (await h.hub.db.query<{ n: number }>(sql, params)).rows[0]!.n;

for (const broker of ['mosquitto', 'aedes'] as BrokerKind[]) {
  describe(`hub ingest through ${broker}`, () => {
    const h = new HubHarness(broker, postgresTarget());
    beforeAll(() => h.start());
    afterAll(() => h.stop());

    it('stores every message exactly once: rows out = messages in, redeliveries counted as duplicates', async () => {
      const now = Date.now();
      const scripts = ['ST-1', 'ST-2', 'ST-3'].map((id) => new StationScript(id));
      const sent: { station: string; kind: 'health' | 'cameraStatus'; payload: unknown }[] = [];
      for (const st of scripts) {
        const client = await h.station(st.stationId);
        for (let i = 0; i < 40; i++) {
          const health = st.health(now - (40 - i) * 1000);
          await publish(client, 'health', { stationId: st.stationId }, health);
          sent.push({ station: st.stationId, kind: 'health', payload: health });
          const cam = `${st.stationId}-C1`;
          const status = st.status(cam, now - (40 - i) * 1000, i % 10 === 0 ? 'down' : 'ok', i % 10 === 0 ? 'unreachable' : null);
          await publish(client, 'cameraStatus', { stationId: st.stationId, cameraId: cam }, status);
          sent.push({ station: st.stationId, kind: 'cameraStatus', payload: status });
        }
        // The outbox replays the first ten again after a reconnect: same boot, same seq.
        for (const s of sent.filter((x) => x.station === st.stationId).slice(0, 10)) {
          if (s.kind === 'health')
            await publish(
              client,
              'health',
              { stationId: st.stationId },
              { ...(s.payload as ReturnType<StationScript['health']>), replay: true },
            );
          else
            await publish(
              client,
              'cameraStatus',
              { stationId: st.stationId, cameraId: `${st.stationId}-C1` },
              { ...(s.payload as ReturnType<StationScript['status']>), replay: true },
            );
        }
      }
      await until(
        async () =>
          (await counter(h.hub.metrics.stored, { kind: 'health' })) + (await counter(h.hub.metrics.stored, { kind: 'cameraStatus' })) >=
            240 && (await counter(h.hub.metrics.duplicates)) >= 30,
        20_000,
        'all messages committed',
      );
      expect(await count(h, 'SELECT count(*)::int AS n FROM health_samples')).toBe(120);
      expect(await count(h, 'SELECT count(*)::int AS n FROM camera_status_samples')).toBe(120);
      expect(await counter(h.hub.metrics.duplicates)).toBe(30);
      // Four downs per camera: each opens an interval, and the ok after it another.
      expect(await count(h, `SELECT count(*)::int AS n FROM camera_status_intervals WHERE camera_id = 'ST-1-C1' AND status = 'down'`)).toBe(
        4,
      );
      const health = await fetch(`${h.hub.httpUrl}/api/health`).then(
        (r) => r.json() as Promise<{ stations: { online: number }; cameras: { ok: number; total: number } }>,
      );
      expect(health.stations.online).toBe(3);
      expect(health.cameras).toMatchObject({ ok: 3, total: 5 });
    });

    it('writes a snapshot to its content-addressed file and its metadata to the database', async () => {
      const client = await h.station('ST-3');
      const st = new StationScript('ST-3', 'boot-ST-3-snap');
      const jpeg = fakeJpeg(4242);
      await publish(client, 'snapshot', { stationId: 'ST-3', cameraId: 'ST-3-C1' }, st.snapshotMeta('ST-3-C1', Date.now()), { jpeg });
      await until(
        async () => (await count(h, `SELECT count(*)::int AS n FROM snapshots WHERE boot_id = 'boot-ST-3-snap' AND is_latest`)) === 1,
        10_000,
        'snapshot row',
      );
      const latest = await h.hub.snapshots.latest(h.hub.db, 'ST-3-C1');
      expect(latest).toMatchObject({
        sha256: createHash('sha256').update(jpeg).digest('hex'),
        bytes: jpeg.length,
        width: 640,
        trigger: 'scheduled',
      });
      expect(await readFile(h.hub.snapshotFiles.pathOf(latest!.sha256))).toEqual(jpeg);
    });

    it('rejects invalid messages with a reason and stays healthy', async () => {
      const client = await h.station('ST-1');
      const st = new StationScript('ST-1', 'boot-ST-1-0002');
      const base = await counter(h.hub.metrics.rejected);
      await client.publishAsync('camwatch/v1/st/ST-1/health', Buffer.from('{not json'), { qos: 1 });
      await client.publishAsync('camwatch/v1/st/ST-1/health', Buffer.from(JSON.stringify({ stationId: 'ST-1', cpuPct: 'high' })), {
        qos: 1,
      });
      await publish(client, 'health', { stationId: 'ST-1' }, { ...st.health(Date.now()), stationId: 'ST-2' });
      await publish(client, 'health', { stationId: 'ST-1' }, st.health(Date.now() + 3_600_000));
      await publish(client, 'health', { stationId: 'ST-1' }, st.health(Date.now() - 40 * 86_400_000));
      await publish(client, 'cameraStatus', { stationId: 'ST-1', cameraId: 'ST-1-C2' }, st.status('ST-1-C1', Date.now(), 'ok'));
      await client.publishAsync('camwatch/v1/st/ST-1/cam/ST-1-C1/snapshot', Buffer.from('no frame'), { qos: 1 });
      await until(async () => (await counter(h.hub.metrics.rejected)) - base >= 7, 10_000, 'rejections');
      for (const reason of ['not_json', 'schema', 'station_mismatch', 'ts_future', 'ts_too_old', 'camera_mismatch', 'bad_frame']) {
        expect(await counter(h.hub.metrics.rejected, { reason }), reason).toBeGreaterThanOrEqual(1);
      }
      // Still ingesting, still answering.
      await publish(client, 'health', { stationId: 'ST-1' }, st.health(Date.now()));
      await until(
        async () => (await count(h, `SELECT count(*)::int AS n FROM health_samples WHERE boot_id = 'boot-ST-1-0002'`)) === 1,
        10_000,
        'valid message after invalid ones',
      );
      const res = await fetch(`${h.hub.httpUrl}/api/health`);
      expect(res.status).toBe(200);
      const metrics = await fetch(`${h.hub.httpUrl}/metrics`).then((r) => r.text());
      expect(metrics).toMatch(/camwatch_ingest_rejected_total\{reason="station_mismatch"\} \d+/);
    });

    it('turns cameras unknown when the station dies (Last Will), and fills the outage with replayed samples', async () => {
      const st = new StationScript('ST-2', 'boot-ST-2-0009');
      const will = {
        topic: 'camwatch/v1/st/ST-2/state',
        payload: Buffer.from(JSON.stringify(st.state('offline', Date.now(), 1))),
        qos: 1 as const,
        retain: true,
      };
      const client = await h.station('ST-2', { will, keepalive: 5 });
      await publish(client, 'state', { stationId: 'ST-2' }, st.state('online', Date.now(), 1), { retain: true });
      await publish(client, 'cameraStatus', { stationId: 'ST-2', cameraId: 'ST-2-C1' }, st.status('ST-2-C1', Date.now(), 'down', 'frozen'));
      await until(
        async () =>
          (await count(
            h,
            `SELECT count(*)::int AS n FROM camera_status_intervals WHERE camera_id = 'ST-2-C1' AND ended_at IS NULL AND status = 'down'`,
          )) === 1,
        10_000,
        'camera down',
      );
      // Power cut: the socket dies without DISCONNECT, so the broker publishes the Last Will.
      client.stream.destroy();
      await until(
        async () =>
          (await count(
            h,
            `SELECT count(*)::int AS n FROM camera_status_intervals WHERE station_id = 'ST-2' AND ended_at IS NULL AND status = 'unknown' AND cause = 'station_offline'`,
          )) === 2,
        15_000,
        'cameras unknown',
      );
      expect(
        await count(
          h,
          `SELECT count(*)::int AS n FROM station_status_intervals WHERE station_id = 'ST-2' AND ended_at IS NULL AND status = 'offline'`,
        ),
      ).toBe(1);
      const offlineAt = (
        await h.hub.db.query<{ t: Date }>(
          `SELECT started_at AS t FROM station_status_intervals WHERE station_id = 'ST-2' AND ended_at IS NULL`,
        )
      ).rows[0]!.t.getTime();

      // Back online; the outbox replays a sample taken during the outage.
      const back = await h.station('ST-2');
      await publish(back, 'state', { stationId: 'ST-2' }, st.state('online', Date.now(), 2), { retain: true });
      await until(
        async () =>
          (await count(
            h,
            `SELECT count(*)::int AS n FROM station_status_intervals WHERE station_id = 'ST-2' AND ended_at IS NULL AND status = 'online'`,
          )) === 1,
        10_000,
        'station back',
      );
      const reconnectAt = (
        await h.hub.db.query<{ t: Date }>(
          `SELECT started_at AS t FROM station_status_intervals WHERE station_id = 'ST-2' AND ended_at IS NULL`,
        )
      ).rows[0]!.t.getTime();
      const during = offlineAt + Math.floor((reconnectAt - offlineAt) / 2);
      await publish(back, 'cameraStatus', { stationId: 'ST-2', cameraId: 'ST-2-C2' }, st.status('ST-2-C2', during, 'ok', null, true));
      await until(
        async () =>
          (await count(
            h,
            `SELECT count(*)::int AS n FROM camera_status_intervals WHERE camera_id = 'ST-2-C2' AND status = 'ok' AND started_at = $1`,
            [new Date(during)],
          )) === 1,
        10_000,
        'replayed slot',
      );
      const slot = (
        await h.hub.db.query<{ s: Date; e: Date | null }>(
          `SELECT started_at AS s, ended_at AS e FROM camera_status_intervals WHERE camera_id = 'ST-2-C2' AND status = 'ok'`,
        )
      ).rows[0]!;
      // Valid until the next sample: none yet, so it carries across the reconnect.
      expect(slot.e).toBeNull();
      expect(slot.s.getTime()).toBe(during);
    });
  });
}
