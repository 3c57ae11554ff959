import { afterAll, beforeAll, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { DEFAULTS, decodeJson, encodeMessage, topicFor, type Command } from '@camwatch/config';
import { camera, FakeProber } from './helpers/fake-parts.ts';
import { waitUntil, type MqttRecorder } from './helpers/mqtt-recorder.ts';
import { startRecordedCore, type RecordedCore } from './helpers/recorded-core.ts';

const STATION = 'ST-CLOCK';
const SKEW_MS = 10 * 60_000;
let rig: RecordedCore;
let recorder: MqttRecorder;
const prober = new FakeProber();

beforeAll(async () => {
  rig = await startRecordedCore(STATION, {
    prober,
    cameras: [camera('CLOCK-C1')],
    intervals: { healthMs: 1000, probeMs: 60_000, statusRefreshMs: 600_000, snapshotMs: 600_000 },
    clock: { now: () => Date.now() + SKEW_MS },
    agentVersion: 'clock-test',
  });
  ({ recorder } = rig);
});
afterAll(() => rig?.stop());

it('stamps samples with hub time once the beacon is heard, and still reports the raw offset', async () => {
  await waitUntil('a health sample on the skewed clock', () => recorder.of('health').length >= 1);
  const before = decodeJson('health', recorder.of('health')[0]!.body);
  expect(before.ok && before.value.ts - Date.now()).toBeGreaterThan(SKEW_MS - 60_000);

  await recorder.client.publishAsync(topicFor('hubClock', {}), encodeMessage('hubClock', { hubTs: Date.now() }), { qos: 0 });
  const seen = recorder.of('health').length;
  await waitUntil('two health samples after the beacon', () => recorder.of('health').length >= seen + 2);
  const after = decodeJson('health', recorder.of('health').at(-1)!.body);
  if (!after.ok) throw new Error('health does not match the contract');
  expect(Math.abs(after.value.ts - Date.now())).toBeLessThan(30_000);
  expect(after.value.clockOffsetMs).toBeGreaterThan(SKEW_MS - 30_000);
  expect(after.value.clockOffsetMs).toBeLessThan(SKEW_MS + 30_000);
});

it('once the beacon is heard, a clock 10 min fast runs valid commands and stamps births in hub time', async () => {
  expect(rig.core.stats().clockOffsetMs).toBeGreaterThan(SKEW_MS - 30_000); // the beacon of the test above
  // A probe that reads a new camera identity makes the core publish a fresh birth.
  prober.verdicts.set('CLOCK-C1', {
    status: 'ok',
    cause: null,
    detail: 'all checks passed',
    stream: null,
    picture: null,
    identity: { make: 'Dahua', model: 'IPC-HFW1230S', firmware: '2.800' },
  });
  const births = recorder.of('birth').length;
  const command: Command = {
    commandId: randomUUID(),
    kind: 'reprobe',
    cameraId: 'CLOCK-C1',
    issuedAt: Date.now(),
    expiresAt: Date.now() + 60_000,
  };
  await recorder.client.publishAsync(topicFor('command', { stationId: STATION }), encodeMessage('command', command), { qos: 1 });
  await waitUntil('the reply', () => recorder.of('commandReply').some((m) => m.json.commandId === command.commandId));
  const reply = decodeJson('commandReply', recorder.of('commandReply').find((m) => m.json.commandId === command.commandId)!.body);
  expect(reply.ok && reply.value.ok).toBe(true);

  await waitUntil('a birth with the learned identity', () => recorder.of('birth').length > births);
  const birth = decodeJson('birth', recorder.of('birth').at(-1)!.body);
  if (!birth.ok) throw new Error(`birth does not match the contract: ${JSON.stringify(birth)}`);
  // The hub rejects births more than maxFutureSkewMs ahead of its clock as ts_future.
  expect(birth.value.ts - Date.now()).toBeLessThan(DEFAULTS.maxFutureSkewMs.value);
  expect(Math.abs(birth.value.ts - Date.now())).toBeLessThan(30_000);
  expect(Math.abs(birth.value.startedAt - Date.now())).toBeLessThan(120_000);
});

it('keeps sending health and camera status when the wall clock steps back an hour', async () => {
  let stepMs = 0;
  const stepped = await startRecordedCore('ST-STEP', {
    prober: new FakeProber(),
    cameras: [camera('STEP-C1')],
    intervals: { healthMs: 300, probeMs: 300, statusRefreshMs: 300, snapshotMs: 600_000 },
    clock: { now: () => Date.now() - stepMs },
    agentVersion: 'clock-test',
  });
  try {
    const r = stepped.recorder;
    await waitUntil('health and status before the step', () => r.of('health').length >= 1 && r.of('cameraStatus').length >= 1);
    stepMs = 3_600_000;
    const health = r.of('health').length;
    const status = r.of('cameraStatus').length;
    await waitUntil(
      'three more of each after the step',
      () => r.of('health').length >= health + 3 && r.of('cameraStatus').length >= status + 3,
    );
    const last = decodeJson('health', r.of('health').at(-1)!.body);
    expect(last.ok && Date.now() - last.value.ts).toBeGreaterThan(3_500_000);
  } finally {
    await stepped.stop();
  }
});
