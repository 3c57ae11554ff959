import { createHmac } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertText, topicFor, type AlertNotice } from '@camwatch/config';
import { AlertEngine, ALERT_LOCK } from '../src/alerts/alert-engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { MIGRATIONS } from '../src/db/migrations/index.ts';
import { UptimeService } from '../src/uptime/index.ts';
import { postgresTarget } from './support/databases.ts';
import { StationScript } from './support/fixtures.ts';
import { HubHarness, publish, until } from './support/hub-harness.ts';
import { SmtpSink, WebhookReceiver } from './api-support/receivers.ts';

const MIN = 60_000;
const SECRET = 'webhook-signing-secret-1';

describe('alerts: a station dies and recovers', () => {
  const target = postgresTarget();
  const h = new HubHarness('aedes', target);
  const webhook = new WebhookReceiver();
  const smtp = new SmtpSink();
  let engine: AlertEngine;
  let observer: MqttClient;
  const notices: AlertNotice[] = [];
  const registry = new Registry();

  beforeAll(async () => {
    await h.start();
    await migrate(h.hub.db, MIGRATIONS);
    const hookUrl = await webhook.start();
    const smtpPort = await smtp.start();
    engine = new AlertEngine({
      db: h.hub.db,
      log: pino({ level: 'silent' }),
      registry,
      uptime: new UptimeService(h.hub.db),
      smtp: { url: `smtp://127.0.0.1:${smtpPort}`, from: 'camwatch@hub.test' },
      publishMqtt: (topic, payload, qos, retain) => h.hub.subscriber.publish(topic, payload, qos, retain),
      backoff: { baseMs: 1000, maxMs: 10_000, maxAttempts: 3 },
    });
    const common = { unitId: 'LA-BL-PL', minSeverity: 'warning' as const, digest: false, enabled: true };
    await engine.channels.create({ kind: 'webhook', name: 'Trung tâm', config: { url: hookUrl, secret: SECRET }, ...common });
    await engine.channels.create({ kind: 'email', name: 'Công an xã', config: { to: ['cax.phuocloi@example.vn'] }, ...common });
    await engine.channels.create({ kind: 'mqtt', name: 'Phòng điều hành', config: {}, ...common, unitId: null });
    // A channel elsewhere must not get this commune's alerts.
    await engine.channels.create({ kind: 'webhook', name: 'Thị trấn', config: { url: `${hookUrl}?other` }, ...common, unitId: 'LA-BL-TT' });
    const cred = await h.hub.credentials.createHubCredential('observer');
    observer = h.track(
      await mqtt.connectAsync(h.url, { clientId: 'observer-1', username: 'observer', password: cred.secret, reconnectPeriod: 0 }),
    );
    await observer.subscribeAsync(topicFor('alert', {}), { qos: 1 });
    observer.on('message', (_t, payload) => notices.push(JSON.parse(payload.toString()) as AlertNotice));
  });

  afterAll(async () => {
    await engine?.stop();
    await webhook.stop();
    await smtp.stop();
    await h.stop();
  });

  const liveness = async (id: string) =>
    (await h.hub.db.query<{ state: string }>('SELECT state FROM station_liveness WHERE station_id = $1', [id])).rows[0]?.state;
  const alertCount = async () => (await h.hub.db.query<{ rule: string; state: string }>('SELECT rule, state FROM alerts ORDER BY id')).rows;

  it('opens exactly one alert for the dead station (none per camera), resolves it on recovery, and delivers both on every channel', async () => {
    const st = new StationScript('ST-1', 'boot-ST-1-0001');
    const will = {
      topic: topicFor('state', { stationId: 'ST-1' }),
      payload: Buffer.from(JSON.stringify(st.state('offline', Date.now(), 1))),
      qos: 1 as const,
      retain: true,
    };
    const client = await h.station('ST-1', { will, keepalive: 5 });
    await publish(client, 'state', { stationId: 'ST-1' }, st.state('online', Date.now(), 1), { retain: true });
    for (const cam of ['ST-1-C1', 'ST-1-C2'])
      await publish(client, 'cameraStatus', { stationId: 'ST-1', cameraId: cam }, st.status(cam, Date.now(), 'ok'));
    await until(async () => (await liveness('ST-1')) === 'online', 10_000, 'station online');
    expect(await engine.evaluate()).toEqual({ opened: 0, resolved: 0, digests: 0 });

    // Power cut: no DISCONNECT, the broker sends the Last Will.
    client.stream.destroy();
    await until(async () => (await liveness('ST-1')) === 'offline', 15_000, 'station offline');
    const t0 = Date.now();
    expect((await engine.evaluate(t0))?.opened).toBe(0); // still within the 10 min grace
    expect((await engine.evaluate(t0 + 11 * MIN))?.opened).toBe(1);
    expect((await engine.evaluate(t0 + 12 * MIN))?.opened).toBe(0);
    expect(await alertCount()).toEqual([{ rule: 'station_offline', state: 'open' }]);
    expect(await engine.deliver()).toBe(3);

    const back = await h.station('ST-1');
    await publish(back, 'state', { stationId: 'ST-1' }, st.state('online', Date.now(), 2), { retain: true });
    for (const cam of ['ST-1-C1', 'ST-1-C2'])
      await publish(back, 'cameraStatus', { stationId: 'ST-1', cameraId: cam }, st.status(cam, Date.now(), 'ok'));
    await until(async () => (await liveness('ST-1')) === 'online', 10_000, 'station back');
    // Condition gone: resolves after the rule's 2 min of hysteresis, not at once.
    expect((await engine.evaluate(t0 + 13 * MIN))?.resolved).toBe(0);
    expect((await engine.evaluate(t0 + 16 * MIN))?.resolved).toBe(1);
    expect(await alertCount()).toEqual([{ rule: 'station_offline', state: 'resolved' }]);
    expect(await engine.deliver()).toBe(3);

    // Webhook: opened then resolved, signed, only on the commune's channel.
    expect(webhook.calls.map((c) => [c.json.event, c.json.state, c.json.stationId])).toEqual([
      ['opened', 'open', 'ST-1'],
      ['resolved', 'resolved', 'ST-1'],
    ]);
    for (const c of webhook.calls) {
      expect(c.headers['x-camwatch-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(c.body).digest('hex')}`);
      expect(c.headers['x-camwatch-delivery']).toMatch(/^\d+$/);
    }
    // Email: two messages to the commune police, in Vietnamese.
    expect(smtp.mails.map((m) => m.to)).toEqual([['cax.phuocloi@example.vn'], ['cax.phuocloi@example.vn']]);
    expect(smtp.mails[0]!.raw).toMatch(/Subject: =\?UTF-8\?/);
    expect(Buffer.from(smtp.mails[0]!.raw).toString()).toContain('ST-1');
    // MQTT alert topic: the AlertNotice contract, open then resolved.
    await until(() => notices.length === 2, 5000, 'alert notices on MQTT');
    expect(notices.map((n) => [n.rule, n.state])).toEqual([
      ['station_offline', 'open'],
      ['station_offline', 'resolved'],
    ]);
    expect(notices[1]!.resolvedAt).toBeGreaterThan(notices[1]!.openedAt);
    // Codes and parameters travel with the text: any reader renders it in its language, the same as the hub's Vietnamese.
    const [open] = notices;
    expect(open!.params).toMatchObject({ stationName: expect.any(String), since: expect.any(Number) });
    const facts = { rule: 'station_offline' as const, stationId: open!.stationId, cameraId: open!.cameraId, ...open!.params! };
    expect(alertText(facts, 'vi')).toBe(open!.message);
    expect(alertText(facts, 'en')).toMatch(/^Station .* \(ST-1\): station offline since \d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    expect(await registry.getSingleMetricAsString('camwatch_alert_deliveries_total')).toMatch(/kind="webhook",result="sent"} 2/);
  });

  it('reopens a flapping camera alert instead of opening new ones, and stops notifying once it flaps', async () => {
    await h.hub.db.query(
      `UPDATE alert_rules SET duration_s = 0, resolve_after_s = 0, flap_window_s = 3600, flap_max = 2 WHERE id = 'camera_down'`,
    );
    const st = new StationScript('ST-2', 'boot-ST-2-0001');
    const c = await h.station('ST-2');
    await publish(c, 'state', { stationId: 'ST-2' }, st.state('online', Date.now(), 1), { retain: true });
    const flip = async (status: 'ok' | 'down') => {
      await publish(
        c,
        'cameraStatus',
        { stationId: 'ST-2', cameraId: 'ST-2-C1' },
        st.status('ST-2-C1', Date.now(), status, status === 'down' ? 'unreachable' : null),
      );
      await until(
        async () =>
          (
            await h.hub.db.query(`SELECT 1 FROM camera_status_intervals WHERE camera_id = 'ST-2-C1' AND ended_at IS NULL AND status = $1`, [
              status,
            ])
          ).rowCount === 1,
        10_000,
        `camera ${status}`,
      );
      return engine.evaluate();
    };
    const sentBefore = webhook.calls.length;
    for (let i = 0; i < 3; i++) {
      expect((await flip('down'))?.opened).toBe(1);
      expect((await flip('ok'))?.resolved).toBe(1);
    }
    const rows = (await h.hub.db.query<{ reopen_count: number }>(`SELECT reopen_count FROM alerts WHERE rule = 'camera_down'`)).rows;
    expect(rows).toEqual([{ reopen_count: 2 }]);
    await engine.deliver();
    // open, resolve, reopen 1 and its resolve notify; the second reopening (flapping) is silent.
    expect(webhook.calls.slice(sentBefore).map((x) => x.json.event)).toEqual(['opened', 'resolved', 'opened', 'resolved']);
    await c.endAsync();
  });

  it('raises nothing for a station in a maintenance window', async () => {
    await h.hub.db.query(
      `INSERT INTO maintenance_windows (station_id, starts_at, ends_at, reason) VALUES ('ST-3', now() - interval '1 hour', now() + interval '1 day', 'thay cột')`,
    );
    const st = new StationScript('ST-3', 'boot-ST-3-0001');
    const will = {
      topic: topicFor('state', { stationId: 'ST-3' }),
      payload: Buffer.from(JSON.stringify(st.state('offline', Date.now(), 1))),
      qos: 1 as const,
      retain: true,
    };
    const client = await h.station('ST-3', { will, keepalive: 5 });
    await publish(client, 'state', { stationId: 'ST-3' }, st.state('online', Date.now(), 1), { retain: true });
    await until(async () => (await liveness('ST-3')) === 'online', 10_000, 'ST-3 online');
    client.stream.destroy();
    await until(async () => (await liveness('ST-3')) === 'offline', 15_000, 'ST-3 offline');
    expect((await engine.evaluate(Date.now() + 30 * MIN))?.opened).toBe(0);
    expect((await h.hub.db.query(`SELECT 1 FROM alerts WHERE station_id = 'ST-3'`)).rowCount).toBe(0);
  });

  it('evaluates on one hub at a time (advisory lock)', async () => {
    const holder = new pg.Client({
      host: '127.0.0.1',
      port: Number((await h.hub.db.query<{ port: string }>("SELECT current_setting('port') AS port")).rows[0]!.port),
      user: 'postgres',
      database: (await h.hub.db.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d,
    });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [ALERT_LOCK]);
      expect(await engine.evaluate()).toBeNull();
      await holder.query('COMMIT');
      expect(await engine.evaluate()).not.toBeNull();
    } finally {
      await holder.end();
    }
    expect(await registry.getSingleMetricAsString('camwatch_alert_passes_total')).toMatch(/result="locked"} 1/);
  });

  it('retries a failing channel with backoff and shows it failing', async () => {
    const failing = await engine.channels.create({
      kind: 'webhook',
      name: 'Hỏng',
      config: { url: 'http://127.0.0.1:9/nothing' },
      unitId: null,
      minSeverity: 'info',
      digest: false,
      enabled: true,
    });
    await engine.test(failing.id);
    const now = Date.now();
    expect(await engine.deliver(now)).toBe(0);
    const status = (await engine.channels.status()).find((s) => s.id === failing.id)!;
    expect(status).toMatchObject({ healthy: false, consecutiveFailures: 1, pending: 1, failed: 0 });
    expect(status.lastError).toBeTruthy();
    // Not due again before its backoff; after the last attempt it is given up and counted.
    expect(await engine.deliver(now + 100)).toBe(0);
    expect((await engine.channels.status()).find((s) => s.id === failing.id)!.consecutiveFailures).toBe(1);
    await engine.deliver(now + 60_000);
    await engine.deliver(now + 120_000);
    expect((await engine.channels.status()).find((s) => s.id === failing.id)).toMatchObject({
      consecutiveFailures: 3,
      pending: 0,
      failed: 1,
    });
    expect(await registry.getSingleMetricAsString('camwatch_alert_channel_failing')).toMatch(/channel="Hỏng"} 1/);
  });

  it('sends one daily digest per commune to digest channels, once', async () => {
    await h.hub.db.query(`UPDATE alert_channels SET digest = true WHERE kind = 'email'`);
    const first = await engine.evaluate();
    expect(first?.digests).toBe(1);
    expect((await engine.evaluate())?.digests).toBe(0);
    const before = smtp.mails.length;
    await engine.deliver();
    expect(smtp.mails.length).toBe(before + 1);
    expect(smtp.mails.at(-1)!.raw).toMatch(/Subject: /);
  });
});
