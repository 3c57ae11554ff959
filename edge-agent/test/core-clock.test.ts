import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeJson, encodeMessage, topicFor } from '@camwatch/config';
import { camera, FakeProber } from './helpers/fake-parts.ts';
import { waitUntil, type MqttRecorder } from './helpers/mqtt-recorder.ts';
import { startRecordedCore, type RecordedCore } from './helpers/recorded-core.ts';

const STATION = 'ST-CLOCK';
const SKEW_MS = 10 * 60_000;
let rig: RecordedCore;
let recorder: MqttRecorder;

beforeAll(async () => {
  rig = await startRecordedCore(STATION, {
    prober: new FakeProber(),
    cameras: [camera('CLOCK-C1')],
    intervals: { healthMs: 500, probeMs: 60_000, statusRefreshMs: 600_000, snapshotMs: 600_000 },
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
