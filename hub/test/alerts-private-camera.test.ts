import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateCameraTargetId, topicFor } from '@camwatch/config';
import { AlertEngine } from '../src/alerts/alert-engine.ts';
import type { Scope } from '../src/auth/scope.ts';
import { migrate } from '../src/db/migrate.ts';
import { MIGRATIONS } from '../src/db/migrations/index.ts';
import { stationClientId } from '../src/mqtt/broker-acl.ts';
import { UptimeService } from '../src/uptime/index.ts';
import { WebhookReceiver } from './api-support/receivers.ts';
import { postgresTarget } from './support/databases.ts';
import { StationScript } from './support/fixtures.ts';
import { HubHarness, publish, until } from './support/hub-harness.ts';

const MIN = 60_000;
const COLLECTOR = 'COL-1';
const OWNER = { name: 'Trần Thị Chủ Nhà', phone: '0909 765 432', address: 'Số 12 ấp Chợ' };
const communePolice = (unit: string): Scope => ({ all: false, units: new Set([unit]) });

/**
 * Issue 16 item 4: a connected private camera's fault is alerted by the programme's own rules and
 * delays, in the camera's commune (not the collector's district), named by its register number
 * with no owner data, and never turned into repair work; a collector that dies is alerted too.
 * Real PostgreSQL, the hub's ingest over the embedded broker, the alert engine.
 */
describe('alerts: a connected private camera and its collector', () => {
  const h = new HubHarness('aedes', postgresTarget());
  const hook = new WebhookReceiver();
  let engine: AlertEngine;
  let collector: MqttClient;
  let privateId = 0;
  let target = '';
  const script = new StationScript(COLLECTOR);

  beforeAll(async () => {
    await h.start();
    await migrate(h.hub.db, MIGRATIONS);
    const db = h.hub.db;
    // The collector stands at the district's police, above the commune of the camera it checks.
    await db.query(
      `INSERT INTO stations (id, unit_id, name, address, lat, lon, installed_at, funding, type)
       VALUES ($1, 'LA-BL', 'Bộ thu huyện Bến Lức', 'Công an huyện', 10.6, 106.5, '2026-12-01', 'state', 'collector')`,
      [COLLECTOR],
    );
    const pc = await db.query<{ id: number }>(
      `INSERT INTO private_cameras (unit_id, owner_kind, owner_name, owner_phone, address, lat, lon, bearing_deg, fov_deg, range_m,
         faces_street, consent_date, consent_scope, registered_by, registered_at, updated_at)
       VALUES ('LA-BL-PL', 'household', $1, $2, $3, 10.61, 106.51, 90, 80, 40, true, '2026-12-01', 'live_connection', 'police', now(), now())
       RETURNING id::int AS id`,
      [OWNER.name, OWNER.phone, OWNER.address],
    );
    privateId = pc.rows[0]!.id;
    target = privateCameraTargetId(privateId);
    await db.query(
      `INSERT INTO private_camera_connections (private_camera_id, collector_station_id, rtsp_url, connected_by, connected_at)
       VALUES ($1, $2, 'rtsp://192.0.2.10/ch1', 'police', now())`,
      [privateId, COLLECTOR],
    );
    const secret = (await h.hub.credentials.createStationCredential(COLLECTOR)).secret;
    collector = h.track(
      await mqtt.connectAsync(h.url, {
        clientId: stationClientId(COLLECTOR),
        username: COLLECTOR,
        password: secret,
        reconnectPeriod: 0,
        keepalive: 5,
        will: {
          topic: topicFor('state', { stationId: COLLECTOR }),
          payload: Buffer.from(JSON.stringify(script.state('offline', Date.now(), 1))),
          qos: 1,
          retain: true,
        },
      }),
    );
    await publish(collector, 'state', { stationId: COLLECTOR }, script.state('online', Date.now(), 1), { retain: true });
    const hookUrl = await hook.start();
    engine = new AlertEngine({ db, log: pino({ level: 'silent' }), registry: new Registry(), uptime: new UptimeService(db) });
    // The commune's channel, and one of the neighbouring township that must hear nothing of it.
    const common = { minSeverity: 'info' as const, digest: false, enabled: true };
    await engine.channels.create({ kind: 'webhook', name: 'Công an xã', config: { url: hookUrl }, unitId: 'LA-BL-PL', ...common });
    await engine.channels.create({ kind: 'webhook', name: 'Thị trấn', config: { url: `${hookUrl}?tt` }, unitId: 'LA-BL-TT', ...common });
  });

  afterAll(async () => {
    await engine?.stop();
    await hook.stop();
    await h.stop();
  });

  const status = async () =>
    (
      await h.hub.db.query<{ status: string }>('SELECT status FROM camera_status_intervals WHERE camera_id = $1 AND ended_at IS NULL', [
        target,
      ])
    ).rows[0]?.status;
  const liveness = async () =>
    (await h.hub.db.query<{ state: string }>('SELECT state FROM station_liveness WHERE station_id = $1', [COLLECTOR])).rows[0]?.state;
  const workOrders = async () => (await h.hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM work_orders')).rows[0]!.n;

  it('the recorder down opens camera_down after the rule’s grace, in the camera’s commune, as "Camera tư nhân #N", with no owner data and no work order', async () => {
    await publish(
      collector,
      'cameraStatus',
      { stationId: COLLECTOR, cameraId: target },
      script.status(target, Date.now(), 'down', 'unreachable'),
    );
    await until(async () => (await status()) === 'down', 10_000, 'private camera down');
    const t0 = Date.now();
    // The same 15 min grace as a programme camera (camera_down's rule, not a copy of it).
    expect((await engine.evaluate(t0 + 5 * MIN))?.opened).toBe(0);
    expect((await engine.evaluate(t0 + 16 * MIN))?.opened).toBe(1);

    const [alert, ...more] = await engine.alerts.list(communePolice('LA-BL-PL'), 'open', 10);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({
      rule: 'camera_down',
      stationId: COLLECTOR,
      cameraId: target,
      privateCameraId: privateId,
      unitId: 'LA-BL-PL',
      unitName: 'Xã Phước Lợi',
      stationName: `Camera tư nhân #${privateId}`,
    });
    expect(alert!.params?.stationName).toBe(`Camera tư nhân #${privateId}`);
    expect(alert!.message).toContain(`Camera tư nhân #${privateId}`);
    // Not in the neighbouring township's list, even though the collector's district is above both.
    expect(await engine.alerts.list(communePolice('LA-BL-TT'), 'all', 10)).toEqual([]);
    // Owner data never travels with an alert, to any reader or channel.
    expect(await engine.deliver()).toBe(1);
    // One delivery: the commune's channel (the township's takes nothing).
    const delivered = hook.calls.map((c) => c.body);
    expect(hook.calls.map((c) => [c.json.event, c.json.unitId, c.json.privateCameraId])).toEqual([['opened', 'LA-BL-PL', privateId]]);
    for (const text of [JSON.stringify(alert), ...delivered])
      for (const personal of Object.values(OWNER)) expect(text).not.toContain(personal);
    // An owner's recorder is the owner's: nothing for the programme's technicians.
    expect(await workOrders()).toBe(0);
  });

  it('the recorder back resolves it after the rule’s hysteresis', async () => {
    await publish(collector, 'cameraStatus', { stationId: COLLECTOR, cameraId: target }, script.status(target, Date.now(), 'ok'));
    await until(async () => (await status()) === 'ok', 10_000, 'private camera ok');
    const t = Date.now() + 20 * MIN;
    expect((await engine.evaluate(t))?.resolved).toBe(0); // condition gone, 2 min of hysteresis still to run
    expect((await engine.evaluate(t + 3 * MIN))?.resolved).toBe(1);
    const [alert] = await engine.alerts.list(communePolice('LA-BL-PL'), 'all', 10);
    expect(alert).toMatchObject({ state: 'resolved', privateCameraId: privateId });
    expect(await engine.deliver()).toBe(1);
  });

  it('the collector dying opens station_offline for it (in its district); the cameras it checks wait (parent–child), no work order', async () => {
    await publish(
      collector,
      'cameraStatus',
      { stationId: COLLECTOR, cameraId: target },
      script.status(target, Date.now(), 'down', 'unreachable'),
    );
    await until(async () => (await status()) === 'down', 10_000, 'private camera down again');
    collector.stream.destroy(); // a power cut: the broker sends the Last Will
    await until(async () => (await liveness()) === 'offline', 15_000, 'collector offline');
    const t = Date.now() + 40 * MIN;
    expect((await engine.evaluate(t))?.opened).toBe(1);
    const open = await engine.alerts.list({ all: true }, 'open', 10);
    expect(open.map((a) => [a.rule, a.stationId, a.unitId, a.stationName])).toEqual([
      ['station_offline', COLLECTOR, 'LA-BL', 'Bộ thu huyện Bến Lức'],
    ]);
    expect(open[0]!.privateCameraId).toBeUndefined();
    // The district's police see it; the commune's see only their camera's (resolved) alert.
    expect((await engine.alerts.list(communePolice('LA-BL'), 'open', 10)).map((a) => a.rule)).toEqual(['station_offline']);
    expect(await engine.alerts.list(communePolice('LA-BL-PL'), 'open', 10)).toEqual([]);
    expect(await workOrders()).toBe(0);
  });
});
