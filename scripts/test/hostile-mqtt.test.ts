import fc from 'fast-check';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJson, encodeSnapshotFrame, DEFAULTS, topicFor, TOPIC_PREFIX } from '@camwatch/config';
import { counterValue, startHostileHub, until, type HostileHub } from '../src/chaos/hostile/hostile-hub.ts';
import { garbage, mutatedHealth, nonFiniteHealth, validCameraStatus, validHealth } from '../src/chaos/hostile/mqtt-payloads.ts';
import { SteadyStation } from '../src/chaos/hostile/steady-station.ts';

const BOOT = '0b7c6f3e-6a55-4c3f-9d8e-2f1a0c9e7d11';

describe('hostile MQTT input against the real hub (embedded broker, per-station credentials, PostgreSQL)', () => {
  let h: HostileHub;
  let attackerId: string;
  let victimId: string;
  let steady: SteadyStation;
  const clients: MqttClient[] = [];

  const rejected = (reason?: string) => counterValue(h.hub.metrics.rejected, reason ? { reason } : {});
  const refused = (reason?: string) => counterValue(h.hub.metrics.brokerAuthFailures, reason ? { reason } : {});
  const rows = async (sql: string, params: unknown[] = []) => (await h.hub.db.query<{ n: number }>(sql, params)).rows[0]!.n;
  const storedOf = (stationId: string) => rows('SELECT count(*)::int AS n FROM health_samples WHERE station_id = $1', [stationId]);

  /** Logged in as `stationId` with its own secret (unless overridden). */
  async function connectAs(stationId: string, opts: Partial<IClientOptions> = {}): Promise<MqttClient> {
    const client = await mqtt.connectAsync(h.mqttUrl, {
      clientId: h.clientIdOf(stationId),
      username: stationId,
      password: h.secrets.get(stationId),
      reconnectPeriod: 0,
      ...opts,
    });
    clients.push(client);
    return client;
  }

  /** Publishes every payload (QoS 1) and resolves when the broker acknowledged them all. */
  async function publishAll(client: MqttClient, topic: string, payloads: readonly Buffer[]): Promise<void> {
    for (const p of payloads) await client.publishAsync(topic, p, { qos: 1 });
  }

  beforeAll(async () => {
    h = await startHostileHub({ cameras: 24 });
    attackerId = h.inventory.stations[0]!.id;
    victimId = h.inventory.stations[1]!.id;
    const steadyId = h.inventory.stations[2]!.id;
    steady = await SteadyStation.start(h.mqttUrl, steadyId, h.clientIdOf(steadyId), h.secrets.get(steadyId)!);
  });

  afterAll(async () => {
    await steady?.stop();
    for (const c of clients) await c.endAsync(true);
    await h?.stop();
  });

  it("generated garbage and mutated payloads on the station's own topics: every one rejected and counted, none stored", async () => {
    const client = await connectAs(attackerId);
    const base = validHealth(attackerId, BOOT, 1, Date.now());
    const payloads = [
      ...fc.sample(garbage(), { numRuns: 150, seed: 42 }),
      ...fc.sample(mutatedHealth(base), { numRuns: 150, seed: 43 }).map((s) => Buffer.from(s)),
      ...fc.sample(nonFiniteHealth(base), { numRuns: 60, seed: 44 }).map((s) => Buffer.from(s)),
    ];
    const before = await rejected();
    await publishAll(client, topicFor('health', { stationId: attackerId }), payloads);
    // Also on every other topic the station may publish (the hub decodes each kind on its own).
    const others = fc.sample(garbage(), { numRuns: 20, seed: 45 });
    for (const topic of [
      topicFor('cameraStatus', { stationId: attackerId, cameraId: h.inventory.cameras.find((c) => c.stationId === attackerId)!.id }),
      topicFor('event', { stationId: attackerId }),
      topicFor('commandReply', { stationId: attackerId }),
      topicFor('birth', { stationId: attackerId }),
    ]) {
      await publishAll(client, topic, others);
    }
    const expected = payloads.length + 4 * others.length;
    await until('every payload judged', async () => (await rejected()) - before >= expected);
    expect((await rejected()) - before).toBe(expected);
    expect(await storedOf(attackerId)).toBe(0);
    expect(await rejected('schema')).toBeGreaterThan(100);
    expect(await rejected('not_json')).toBeGreaterThan(50);
  });

  it('NaN and Infinity (as text), huge strings and arrays, far timestamps: each rejected with its reason', async () => {
    const client = await connectAs(attackerId);
    const now = Date.now();
    const base = validHealth(attackerId, BOOT, 2, now);
    const text = JSON.stringify(base);
    const cases: [reason: string, topic: string, payload: Buffer][] = [
      ['not_json', topicFor('health', { stationId: attackerId }), Buffer.from(text.replace(/"cpuPct":[^,]+/, '"cpuPct":NaN'))],
      ['not_json', topicFor('health', { stationId: attackerId }), Buffer.from(text.replace(/"load1":[^,]+/, '"load1":Infinity'))],
      ['schema', topicFor('health', { stationId: attackerId }), Buffer.from(text.replace(/"tempC":[^,]+/, '"tempC":1e999'))],
      [
        'schema',
        topicFor('health', { stationId: attackerId }),
        Buffer.from(text.replace(/"clockOffsetMs":[^,]+/, '"clockOffsetMs":-1e999')),
      ],
      ['too_large', topicFor('health', { stationId: attackerId }), encodeJson('health', { ...base, bootId: 'x'.repeat(200_000) })],
      [
        'schema',
        topicFor('event', { stationId: attackerId }),
        Buffer.from(JSON.stringify({ ...base, kind: 'agent_started', cameraId: null, message: 'm'.repeat(600), gap: null })),
      ],
      [
        'too_large',
        topicFor('birth', { stationId: attackerId }),
        Buffer.from(
          JSON.stringify({
            ...base,
            agentVersion: '1',
            configHash: 'h',
            startedAt: now,
            intervals: { healthMs: 60_000, probeMs: 60_000, snapshotMs: 900_000 },
            cameras: Array.from({ length: 5_000 }, (_, i) => ({
              cameraId: `C${i}`,
              make: 'x',
              model: 'y',
              firmware: null,
              onvif: true,
              streamHost: null,
            })),
          }),
        ),
      ],
      [
        'schema',
        topicFor('birth', { stationId: attackerId }),
        Buffer.from(
          JSON.stringify({
            ...base,
            agentVersion: '1',
            configHash: 'h',
            startedAt: now,
            intervals: { healthMs: 60_000, probeMs: 60_000, snapshotMs: 900_000 },
            cameras: Array.from({ length: 65 }, (_, i) => ({
              cameraId: `C${i}`,
              make: 'x',
              model: 'y',
              firmware: null,
              onvif: true,
              streamHost: null,
            })),
          }),
        ),
      ],
      ['ts_future', topicFor('health', { stationId: attackerId }), encodeJson('health', { ...base, seq: 3, ts: now + 365 * 86_400_000 })],
      ['ts_too_old', topicFor('health', { stationId: attackerId }), encodeJson('health', { ...base, seq: 4, ts: 1_000 })],
      ['schema', topicFor('health', { stationId: attackerId }), Buffer.from(JSON.stringify({ ...base, ts: -5 }))],
      ['schema', topicFor('health', { stationId: attackerId }), Buffer.from(JSON.stringify({ ...base, seq: 2 ** 60 }))],
    ];
    for (const [reason, topic, payload] of cases) {
      const before = await rejected(reason);
      await client.publishAsync(topic, payload, { qos: 1 });
      await until(`rejection ${reason} of ${topic}`, async () => (await rejected(reason)) > before);
      expect((await rejected(reason)) - before, `${reason} for ${payload.subarray(0, 80).toString()}`).toBe(1);
    }
    expect(await storedOf(attackerId)).toBe(0);
  });

  it('oversized and malformed snapshots are rejected (too_large, bad_frame) and no file is kept', async () => {
    const client = await connectAs(attackerId);
    const cameraId = h.inventory.cameras.find((c) => c.stationId === attackerId)!.id;
    const meta = {
      stationId: attackerId,
      bootId: BOOT,
      seq: 10,
      ts: Date.now(),
      replay: false,
      cameraId,
      width: 640,
      height: 360,
      trigger: 'scheduled' as const,
    };
    const jpeg = (n: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(n, 7)]);
    const topic = topicFor('snapshot', { stationId: attackerId, cameraId });
    const tooLarge = await rejected('too_large');
    await client.publishAsync(topic, encodeSnapshotFrame(meta, jpeg(DEFAULTS.snapshotHubMaxBytes.value + 1)), { qos: 1 });
    await client.publishAsync(topic, encodeSnapshotFrame(meta, jpeg(4 * 1024 * 1024)), { qos: 1 });
    await until('too_large snapshots', async () => (await rejected('too_large')) - tooLarge >= 2);
    const badFrame = await rejected('bad_frame');
    await client.publishAsync(topic, Buffer.from('CWS1\u0000\u0000\u0000\u0010{}'), { qos: 1 });
    await client.publishAsync(topic, encodeSnapshotFrame(meta, Buffer.from('not a jpeg at all')), { qos: 1 });
    const frame = encodeSnapshotFrame(meta, jpeg(100));
    frame.writeUInt32BE(0xffffffff, 4);
    await client.publishAsync(topic, frame, { qos: 1 });
    await until('bad_frame snapshots', async () => (await rejected('bad_frame')) - badFrame >= 3);
    expect(await rows('SELECT count(*)::int AS n FROM snapshots WHERE station_id = $1', [attackerId])).toBe(0);
  });

  it('unknown topics, wildcards and path tricks are refused by the broker and counted', async () => {
    const topics = [
      `${TOPIC_PREFIX}/st/${attackerId}/nonsense`,
      `${TOPIC_PREFIX}/st/${attackerId}/cmd`,
      `${TOPIC_PREFIX}/st/${attackerId}/health/extra`,
      `${TOPIC_PREFIX}/st/${attackerId}/../${victimId}/health`,
      `${TOPIC_PREFIX}/st/${attackerId}//health`,
      `${TOPIC_PREFIX}/st/${victimId}%2F/health`,
      `${TOPIC_PREFIX}/hub/clock`,
      `${TOPIC_PREFIX}/hub/alert`,
      'camwatch/v2/st/x/health',
      `/${TOPIC_PREFIX}/st/${attackerId}/health`,
      `${TOPIC_PREFIX}/st/${attackerId}/cam/../../${victimId}/health`,
      `$SYS/broker/${attackerId}`,
    ];
    const before = await refused('publish_denied');
    const notAllowed = await rejected('topic_not_allowed');
    const stayedOpen: string[] = [];
    for (const topic of topics) {
      const client = await connectAs(attackerId);
      const closed = new Promise<boolean>((resolve) => {
        client.once('close', () => resolve(true));
        setTimeout(() => resolve(false), 5_000).unref();
      });
      client.publish(topic, encodeJson('health', validHealth(attackerId, BOOT, 20, Date.now())), { qos: 1 });
      if (!(await closed)) stayedOpen.push(topic);
    }
    // MQTT 3.1.1 has no negative PUBACK: the broker drops the connection of a station that publishes where it may not.
    expect(stayedOpen).toEqual([]);
    expect((await refused('publish_denied')) - before).toBe(topics.length);
    expect((await rejected('topic_not_allowed')) - notAllowed).toBe(topics.length);
    // Wildcards in a PUBLISH are a protocol error: the broker drops the connection (aedes does this before any ACL hook).
    const wildcards = await rejected('topic_wildcard');
    for (const topic of [`${TOPIC_PREFIX}/st/+/health`, `${TOPIC_PREFIX}/st/#`]) {
      const client = await connectAs(attackerId);
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      client.publish(topic, 'x', { qos: 1 });
      await closed;
    }
    await until('wildcard publishes counted', async () => (await rejected('topic_wildcard')) - wildcards >= 2);
    expect((await rejected('topic_wildcard')) - wildcards).toBe(2);
    expect(await storedOf(victimId)).toBe(0);
    expect(await storedOf(attackerId)).toBe(0);
  });

  it("a station cannot subscribe to others' commands or to everything", async () => {
    const client = await connectAs(attackerId);
    const before = await refused('subscribe_denied');
    const filters = [topicFor('command', { stationId: victimId }), '#', `${TOPIC_PREFIX}/st/+/health`, `${TOPIC_PREFIX}/#`];
    for (const topic of filters) {
      // A SUBACK failure code (0x80) is reported by mqtt.js as an error.
      const err = await new Promise<Error | undefined>((resolve) => client.subscribe(topic, { qos: 1 }, (e) => resolve(e ?? undefined)));
      expect(err?.message, topic).toMatch(/Subscribe error/);
    }
    const own = await new Promise<Error | undefined>((resolve) =>
      client.subscribe(topicFor('command', { stationId: attackerId }), { qos: 1 }, (e) => resolve(e ?? undefined)),
    );
    expect(own).toBeUndefined();
    expect((await refused('subscribe_denied')) - before).toBe(4);
  });

  it("a station publishing as another: wrong client id, wrong username, other station's topic or ids in the payload — all refused", async () => {
    const before = {
      clientId: await refused('client_id'),
      creds: await refused('bad_credentials'),
      denied: await refused('publish_denied'),
      mismatch: await rejected('station_mismatch'),
      camMismatch: await rejected('camera_mismatch'),
    };
    await expect(connectAs(attackerId, { clientId: h.clientIdOf(victimId) })).rejects.toThrow();
    await expect(connectAs(victimId, { password: h.secrets.get(attackerId) })).rejects.toThrow();
    expect(await refused('client_id')).toBe(before.clientId + 1);
    expect(await refused('bad_credentials')).toBe(before.creds + 1);

    const client = await connectAs(attackerId);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish(topicFor('health', { stationId: victimId }), encodeJson('health', validHealth(victimId, BOOT, 30, Date.now())), {
      qos: 1,
    });
    await closed;
    expect(await refused('publish_denied')).toBe(before.denied + 1);

    const again = await connectAs(attackerId);
    const victimCamera = h.inventory.cameras.find((c) => c.stationId === victimId)!.id;
    const ownCamera = h.inventory.cameras.find((c) => c.stationId === attackerId)!.id;
    await again.publishAsync(
      topicFor('health', { stationId: attackerId }),
      encodeJson('health', validHealth(victimId, BOOT, 31, Date.now())),
      { qos: 1 },
    );
    await again.publishAsync(
      topicFor('cameraStatus', { stationId: attackerId, cameraId: ownCamera }),
      encodeJson('cameraStatus', validCameraStatus(attackerId, victimCamera, BOOT, 32, Date.now(), 'down')),
      { qos: 1 },
    );
    await until(
      'identity rejections',
      async () => (await rejected('station_mismatch')) > before.mismatch && (await rejected('camera_mismatch')) > before.camMismatch,
    );
    expect(await storedOf(victimId)).toBe(0);
  });

  it('a station cannot report on a camera of another station through its own topic', async () => {
    const victimCamera = h.inventory.cameras.find((c) => c.stationId === victimId)!.id;
    const victim = await connectAs(victimId);
    const now = Date.now();
    await victim.publishAsync(
      topicFor('cameraStatus', { stationId: victimId, cameraId: victimCamera }),
      encodeJson('cameraStatus', validCameraStatus(victimId, victimCamera, BOOT, 1, now - 2_000, 'ok')),
      { qos: 1 },
    );
    await until(
      'victim camera ok',
      async () =>
        (await rows(`SELECT count(*)::int AS n FROM camera_status_intervals WHERE camera_id = $1 AND ended_at IS NULL AND status = 'ok'`, [
          victimCamera,
        ])) === 1,
    );

    const attacker = await connectAs(attackerId);
    const before = await rejected();
    await attacker.publishAsync(
      topicFor('cameraStatus', { stationId: attackerId, cameraId: victimCamera }),
      encodeJson('cameraStatus', validCameraStatus(attackerId, victimCamera, BOOT, 40, now - 1_000, 'down')),
      { qos: 1 },
    );
    await until(
      'the claim judged',
      async () =>
        (await rejected()) > before ||
        (await rows('SELECT count(*)::int AS n FROM camera_status_samples WHERE station_id = $1 AND camera_id = $2', [
          attackerId,
          victimCamera,
        ])) > 0,
    );
    await h.hub.flush();
    const open = (
      await h.hub.db.query<{ station_id: string; status: string }>(
        'SELECT station_id, status FROM camera_status_intervals WHERE camera_id = $1 AND ended_at IS NULL',
        [victimCamera],
      )
    ).rows;
    expect(open, "the victim camera's current status").toEqual([{ station_id: victimId, status: 'ok' }]);
    expect(
      await rows('SELECT count(*)::int AS n FROM camera_status_samples WHERE station_id = $1 AND camera_id = $2', [
        attackerId,
        victimCamera,
      ]),
      'samples stored for a camera of another station',
    ).toBe(0);
  });

  it("a station cannot replace the latest snapshot of another station's camera", async () => {
    const victimCamera = h.inventory.cameras.find((c) => c.stationId === victimId)!.id;
    const jpeg = (fill: number) =>
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2_000, fill), Buffer.from([0xff, 0xd9])]);
    const meta = (stationId: string, seq: number, ts: number) => ({
      stationId,
      bootId: BOOT,
      seq,
      ts,
      replay: false,
      cameraId: victimCamera,
      width: 640,
      height: 360,
      trigger: 'scheduled' as const,
    });
    const victim = await connectAs(victimId);
    const now = Date.now();
    await victim.publishAsync(
      topicFor('snapshot', { stationId: victimId, cameraId: victimCamera }),
      encodeSnapshotFrame(meta(victimId, 50, now - 5_000), jpeg(1)),
      { qos: 1 },
    );
    await until(
      'victim snapshot stored',
      async () => (await rows('SELECT count(*)::int AS n FROM snapshots WHERE camera_id = $1 AND is_latest', [victimCamera])) === 1,
    );
    const attacker = await connectAs(attackerId);
    const before = await rejected();
    await attacker.publishAsync(
      topicFor('snapshot', { stationId: attackerId, cameraId: victimCamera }),
      encodeSnapshotFrame(meta(attackerId, 51, now - 1_000), jpeg(2)),
      { qos: 1 },
    );
    await until(
      'the forged snapshot judged',
      async () =>
        (await rejected()) > before || (await rows('SELECT count(*)::int AS n FROM snapshots WHERE station_id = $1', [attackerId])) > 0,
    );
    await h.hub.flush();
    const latest = (
      await h.hub.db.query<{ station_id: string }>('SELECT station_id FROM snapshots WHERE camera_id = $1 AND is_latest', [victimCamera])
    ).rows;
    expect(latest, "who took the picture police see as the camera's latest").toEqual([{ station_id: victimId }]);
  });

  it('a station flooding the hub is rate-limited and counted, and the hub stays healthy', async () => {
    const client = await connectAs(attackerId);
    const topic = topicFor('health', { stationId: attackerId });
    const flood = Array.from({ length: 3_000 }, (_, i) =>
      encodeJson('health', validHealth(attackerId, '5f0a1c2e-1b2d-4e3f-8a9b-0c1d2e3f4a5b', i + 1, Date.now())),
    );
    const limitedBefore = await rejected('rate_limited');
    const started = Date.now();
    await Promise.all(flood.map((p) => client.publishAsync(topic, p, { qos: 0 })));
    const health = await fetch(`${h.httpUrl}/api/health`);
    expect(health.status).toBe(200);
    // QoS 0 is written as fast as the socket takes it: wait until the hub has judged every message.
    await until('every flooded message stored or refused', async () => {
      await h.hub.flush();
      return (await storedOf(attackerId)) + (await rejected('rate_limited')) - limitedBefore >= flood.length;
    });
    const stored = await storedOf(attackerId);
    const limited = (await rejected('rate_limited')) - limitedBefore;
    // 3,000 samples in well under a second from one station (its contract rate is one a minute).
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(limited, `flood of ${flood.length}: ${stored} stored, ${limited} counted as rate_limited`).toBeGreaterThan(0);
    expect(stored + limited).toBe(flood.length);
  });

  it('the well-behaved station lost nothing during all of it, and the hub is healthy', async () => {
    // The attacks above can finish in a couple of seconds: let the steady station run long enough to prove something.
    await until('the steady station has sent through the attacks', () => steady.acked.length > 20);
    await steady.stop();
    const acked = [...steady.acked];
    expect(acked.length).toBeGreaterThan(20);
    await until(
      'every acknowledged sample of the steady station stored',
      async () => {
        await h.hub.flush();
        return (await storedOf(steady.stationId)) >= acked.length;
      },
      30_000,
    );
    const seqs = (
      await h.hub.db.query<{ seq: number }>('SELECT seq FROM health_samples WHERE station_id = $1 AND boot_id = $2', [
        steady.stationId,
        steady.bootId,
      ])
    ).rows.map((r) => Number(r.seq));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(acked.filter((s) => !seqs.includes(s))).toEqual([]);
    const res = await fetch(`${h.httpUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { database: boolean }).database).toBe(true);
  });
});
