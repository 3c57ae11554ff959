import { describe, expect, it } from 'vitest';
import {
  decodeJson,
  decodeSnapshotFrame,
  encodeSnapshotFrame,
  publishTyped,
  validatePayload,
  type PayloadOf,
  type PublishingClient,
  type TopicKind,
} from '../src/index.ts';

const envelope = { stationId: 'LA-BL-0042', bootId: 'b00t-1234', seq: 7, ts: 1_763_700_000_000, replay: false };
export const good = {
  birth: {
    ...envelope,
    agentVersion: '0.1.0',
    configHash: 'abc',
    startedAt: envelope.ts,
    intervals: { healthMs: 60000, probeMs: 60000, snapshotMs: 900000 },
    cameras: [{ cameraId: 'C1', make: 'Hikvision', model: 'DS-2CD', firmware: null, onvif: true, streamHost: '192.0.2.10:554' }],
  },
  state: { stationId: 'LA-BL-0042', bootId: 'b00t-1234', state: 'offline', ts: envelope.ts, connectionId: 1 },
  health: {
    ...envelope,
    cpuPct: 12.5,
    load1: 0.3,
    memUsedPct: 40,
    diskUsedPct: 55,
    tempC: null,
    uptimeS: 3600,
    uplinkLatencyMs: 80,
    bytesSentToday: 1000,
    clockOffsetMs: 12,
    outboxPending: 0,
    outboxDropped: 0,
  },
  cameraStatus: {
    ...envelope,
    cameraId: 'C1',
    status: 'down',
    cause: 'frozen',
    detail: 'picture frozen for 4 s',
    stream: { codec: 'h264', width: 1920, height: 1080, fps: 25, bitrateKbps: 2048 },
    picture: { frozen: true, blackRatio: 0, brightness: 120, variance: 900, sharpness: 300, viewDistance: 3 },
    checkMs: 4100,
  },
  event: { ...envelope, kind: 'outbox_gap', cameraId: null, message: 'thinned', gap: { dropped: 12, fromTs: 1, toTs: 2 } },
  command: { commandId: 'cmd-12345678', kind: 'snapshot', cameraId: 'C1', issuedAt: 1, expiresAt: 2 },
  commandReply: { ...envelope, commandId: 'cmd-12345678', ok: true, message: 'done' },
  hubClock: { hubTs: 5 },
} satisfies Partial<{ [K in TopicKind]: PayloadOf<K> }>;

describe('message schemas', () => {
  it.each(Object.keys(good) as (keyof typeof good)[])('%s accepts a good message', (kind) => {
    const r = decodeJson(kind, JSON.stringify(good[kind]));
    expect(r.ok ? 'ok' : r.issues).toBe('ok');
  });

  const badCases: [string, (m: Record<string, unknown>) => unknown, RegExp][] = [
    ['missing field', ({ seq: _seq, ...rest }) => rest, /\/seq/],
    ['wrong type', (m) => ({ ...m, seq: 'seven' }), /\/seq/],
    ['negative sequence', (m) => ({ ...m, seq: -1 }), /\/seq/],
    ['unknown key', (m) => ({ ...m, extra: 1 }), /\/extra/],
    ['fractional sequence', (m) => ({ ...m, seq: 1.5 }), /\/seq/],
    ['id with a wildcard', (m) => ({ ...m, stationId: 'A/+' }), /\/stationId/],
    ['huge string', (m) => ({ ...m, detail: 'x'.repeat(10_000) }), /\/detail/],
    ['enum outside the contract', (m) => ({ ...m, status: 'great' }), /\/status/],
    ['not an object', () => [1, 2, 3], /^\/?$/],
  ];
  it.each(badCases)('cameraStatus rejects %s with the field named', (_name, mutate, field) => {
    const r = validatePayload('cameraStatus', mutate({ ...good.cameraStatus }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path).join(' ')).toMatch(field);
  });

  it('rejects malformed JSON and oversized payloads with a reason', () => {
    const notJson = decodeJson('health', '{"seq":');
    expect(notJson.ok === false && notJson.reason).toBe('not_json');
    const big = decodeJson('health', JSON.stringify({ ...good.health, pad: 'x'.repeat(70_000) }));
    expect(big.ok === false && big.reason).toBe('too_large');
  });

  it('round-trips a snapshot frame and rejects broken ones', () => {
    const meta: PayloadOf<'snapshot'> = { ...envelope, cameraId: 'C1', width: 640, height: 360, trigger: 'scheduled' };
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    const frame = encodeSnapshotFrame(meta, jpeg);
    const r = decodeSnapshotFrame(frame, 1000);
    expect(r.ok && r.value.meta).toEqual(meta);
    expect(r.ok && Buffer.compare(r.value.jpeg, jpeg)).toBe(0);
    expect(decodeSnapshotFrame(Buffer.from('nope'), 1000).ok).toBe(false);
    expect(decodeSnapshotFrame(frame, 10).ok).toBe(false);
    const notJpeg = encodeSnapshotFrame(meta, Buffer.from('plain text'));
    expect(decodeSnapshotFrame(notJpeg, 1000).ok).toBe(false);
  });

  it('publishTyped takes QoS and retain from the contract', async () => {
    const sent: { topic: string; qos: number; retain: boolean }[] = [];
    const client: PublishingClient = {
      publish: (topic, _m, opts, cb) => {
        sent.push({ topic, ...opts });
        cb?.();
      },
    };
    await publishTyped(client, 'birth', { stationId: 'LA-BL-0042' }, good.birth);
    await publishTyped(client, 'health', { stationId: 'LA-BL-0042' }, good.health);
    expect(sent).toEqual([
      { topic: 'camwatch/v1/st/LA-BL-0042/birth', qos: 1, retain: true },
      { topic: 'camwatch/v1/st/LA-BL-0042/health', qos: 1, retain: false },
    ]);
    // @ts-expect-error a health payload is not a birth payload: this must not compile
    void publishTyped(client, 'birth', { stationId: 'X1' }, good.health);
  });
});
