import { afterEach, describe, expect, it } from 'vitest';
import { encodeJson, topicFor, type CollectorTarget } from '@camwatch/config';
import { FakeProber, camera } from './helpers/fake-parts.ts';
import { waitUntil } from './helpers/mqtt-recorder.ts';
import { startRecordedCore, type RecordedCore } from './helpers/recorded-core.ts';

const HOUR = 3_600_000;
const intervals = { healthMs: HOUR, probeMs: 1_000, pictureCheckMs: HOUR, statusRefreshMs: HOUR, snapshotMs: HOUR };
const target = (cameraId: string): CollectorTarget => ({
  cameraId,
  rtspUrl: `rtsp://192.0.2.7:554/${cameraId}`,
  onvifUrl: null,
  username: 'owner',
  password: 'pw',
});

/** The agent core in collector mode against a real Mosquitto: the hub's retained list decides what it checks. */
describe('collector mode', () => {
  let rig: RecordedCore | undefined;
  afterEach(async () => {
    await rig?.stop();
    rig = undefined;
  });

  const sendTargets = (stationId: string, payload: Buffer) =>
    rig!.recorder.client.publishAsync(topicFor('collectorTargets', { stationId }), payload, { qos: 1, retain: true });
  const list = (targets: CollectorTarget[]) => encodeJson('collectorTargets', { hubTs: Date.now(), targets });

  it('checks exactly the recorders the hub lists, with their credentials, and retires those taken off the list', async () => {
    const prober = new FakeProber();
    rig = await startRecordedCore('COL-A', { collector: true, prober, cameras: [], intervals, agentVersion: 'test' });
    expect(rig.core.cameras()).toEqual([]);
    await sendTargets('COL-A', list([target('pc-1'), target('pc-2')]));
    await waitUntil('two targets', () => rig!.core.cameras().length === 2);
    expect(rig.core.cameras().find((c) => c.cameraId === 'pc-1')).toMatchObject({ username: 'owner', password: 'pw', onvifUrl: null });
    // Their status goes to the hub like any camera's.
    await waitUntil('status of pc-2', () => rig!.recorder.of('cameraStatus').some((m) => m.json.cameraId === 'pc-2'));
    // The birth names them too (identity only, never the credentials).
    await waitUntil('birth with both', () =>
      rig!.recorder.of('birth').some((m) => (m.json.cameras as { cameraId: string }[]).length === 2),
    );
    expect(JSON.stringify(rig.recorder.of('birth'))).not.toContain('"pw"');

    await sendTargets('COL-A', list([target('pc-2')]));
    await waitUntil('pc-1 retired', () => rig!.core.cameras().length === 1);
    expect(rig.core.cameras().map((c) => c.cameraId)).toEqual(['pc-2']);
    const probesOfOne = prober.probes.filter((p) => p.cameraId === 'pc-1').length;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(prober.probes.filter((p) => p.cameraId === 'pc-1').length).toBe(probesOfOne);
  });

  it('refuses a list that does not match the contract, counts it, and keeps checking the previous one', async () => {
    rig = await startRecordedCore('COL-B', { collector: true, prober: new FakeProber(), cameras: [], intervals, agentVersion: 'test' });
    await sendTargets('COL-B', list([target('pc-7')]));
    await waitUntil('one target', () => rig!.core.cameras().length === 1);
    await sendTargets('COL-B', Buffer.from('{"hubTs":1,"targets":[{"cameraId":"../etc"}]}'));
    await sendTargets('COL-B', Buffer.from('not json'));
    await waitUntil('two rejects', () => {
      const r = rig!.core.stats().rejects;
      return (r.collectorTargets_schema ?? 0) === 1 && (r.collectorTargets_not_json ?? 0) === 1;
    });
    expect(rig.core.cameras().map((c) => c.cameraId)).toEqual(['pc-7']);
  });

  it('a station that is not a collector ignores a targets list and keeps its own cameras', async () => {
    rig = await startRecordedCore('ST-C', { prober: new FakeProber(), cameras: [camera('ST-C-1')], intervals, agentVersion: 'test' });
    await sendTargets('ST-C', list([target('pc-9')]));
    await waitUntil('the broker has the list', () => rig!.recorder.of('collectorTargets').length === 1);
    // A round trip through the same broker after it: the station would have had the list by then.
    await rig.core.probeNow();
    await new Promise((r) => setTimeout(r, 500));
    expect(rig.core.cameras().map((c) => c.cameraId)).toEqual(['ST-C-1']);
  });
});
