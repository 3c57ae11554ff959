import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraDiscovery, CameraTarget } from '../src/core/ports.ts';
import { camera, FakeProber } from './helpers/fake-parts.ts';
import { waitUntil } from './helpers/mqtt-recorder.ts';
import { startRecordedCore, type RecordedCore } from './helpers/recorded-core.ts';

const STATION = 'ST-IDN';
const configured = (id: string, host: string): CameraTarget => ({
  ...camera(id),
  make: 'unknown',
  model: 'unknown',
  rtspUrl: `rtsp://${host}:554/Streaming/Channels/101`,
  onvifUrl: `http://${host}/onvif/device_service`,
});
const found = (id: string, host: string, extra: Partial<CameraTarget> = {}): CameraTarget => ({
  ...camera(id),
  make: 'HIKVISION',
  model: 'DS-2CD1023G0-I',
  rtspUrl: `rtsp://${host}:554/Streaming/Channels/101`,
  onvifUrl: `http://${host}:80/onvif/device_service`,
  ...extra,
});

type BirthCamera = { cameraId: string; make: string; model: string; firmware: string | null };
const births = (rig: RecordedCore): BirthCamera[][] => rig.recorder.of('birth').map((m) => m.json.cameras as BirthCamera[]);
const statuses = (rig: RecordedCore, id: string): string[] =>
  rig.recorder
    .of('cameraStatus')
    .filter((m) => m.json.cameraId === id)
    .map((m) => `${String(m.json.status)}/${String(m.json.cause)}`);

describe('agent core: one camera, one watch; its own name; no false down from a timeout', () => {
  const prober = new FakeProber();
  // Discovery finds the configured camera again (same host, other id) and one new camera, and both channels of an NVR.
  const discovery: CameraDiscovery = {
    discover: async () => [
      found('ST-IDN-DS2CD1023G0I2020', '192.0.2.10'),
      found('ST-IDN-NEW', '192.0.2.11'),
      found('ST-IDN-NVR-ch1', '192.0.2.20'),
      found('ST-IDN-NVR-ch2', '192.0.2.20', { onvifChannel: 2 }),
    ],
  };
  let rig: RecordedCore;

  beforeAll(async () => {
    prober.verdicts.set('IDN-C1', {
      status: 'ok',
      cause: null,
      detail: 'ok',
      stream: null,
      picture: null,
      identity: { make: 'HIKVISION', model: 'DS-2CD1023G0-I', firmware: 'V5.5.82 build 190220' },
    });
    prober.verdicts.set('IDN-SLOW', {
      status: 'down',
      cause: 'unreachable',
      detail: 'timed out: no answer within 10000 ms',
      stream: null,
      picture: null,
      inconclusive: true,
    });
    rig = await startRecordedCore(STATION, {
      prober,
      discovery,
      cameras: [configured('IDN-C1', '192.0.2.10'), configured('IDN-NVR-1', '192.0.2.20'), configured('IDN-SLOW', '192.0.2.30')],
      intervals: { healthMs: 60_000, probeMs: 300, statusRefreshMs: 600_000, snapshotMs: 600_000 },
      agentVersion: 'identity-test',
    });
  });
  afterAll(() => rig?.stop());

  it('watches a configured camera once when discovery finds it again, also each NVR channel once', async () => {
    await waitUntil('a birth with the discovered cameras', () => births(rig).some((c) => c.some((x) => x.cameraId === 'ST-IDN-NEW')));
    const ids = rig.core
      .cameras()
      .map((c) => c.cameraId)
      .sort();
    expect(ids).toEqual(['IDN-C1', 'IDN-NVR-1', 'IDN-SLOW', 'ST-IDN-NEW', 'ST-IDN-NVR-ch2']);
    expect(
      births(rig)
        .at(-1)
        ?.map((c) => c.cameraId)
        .sort(),
    ).toEqual(ids);
  });

  it('sends the maker and model the camera reported over ONVIF in the birth, not "unknown"', async () => {
    await waitUntil('a birth naming IDN-C1', () =>
      births(rig).some((c) => c.some((x) => x.cameraId === 'IDN-C1' && x.make === 'HIKVISION')),
    );
    const last = births(rig)
      .at(-1)!
      .find((c) => c.cameraId === 'IDN-C1');
    expect(last).toMatchObject({ make: 'HIKVISION', model: 'DS-2CD1023G0-I', firmware: 'V5.5.82 build 190220' });
    expect(
      births(rig)
        .at(-1)!
        .find((c) => c.cameraId === 'IDN-NVR-1'),
    ).toMatchObject({ make: 'unknown' });
  });

  it('holds a probe that ran out of time until the next one confirms it, and never reports a one-off timeout', async () => {
    const probesOf = (id: string): number => prober.probes.filter((p) => p.cameraId === id).length;
    await waitUntil('IDN-SLOW probed twice', () => probesOf('IDN-SLOW') >= 2);
    await waitUntil('IDN-SLOW confirmed down', () => statuses(rig, 'IDN-SLOW').length > 0);
    expect(statuses(rig, 'IDN-SLOW')).toEqual(['down/unreachable']);

    // An ok camera with a single timed-out probe in between stays ok.
    await waitUntil('IDN-C1 reported ok', () => statuses(rig, 'IDN-C1').length > 0);
    const before = probesOf('IDN-C1');
    const okVerdict = prober.verdicts.get('IDN-C1')!;
    prober.verdicts.set('IDN-C1', {
      ...okVerdict,
      status: 'down',
      cause: 'stream_failing',
      detail: 'stream: timed out',
      inconclusive: true,
    });
    await waitUntil('one timed-out probe of IDN-C1', () => probesOf('IDN-C1') >= before + 1);
    prober.verdicts.set('IDN-C1', okVerdict);
    await waitUntil('two more probes of IDN-C1', () => probesOf('IDN-C1') >= before + 3);
    expect(statuses(rig, 'IDN-C1')).toEqual(['ok/null']);
  });
});
