import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraTarget } from '../src/core/ports.ts';
import { createRealProber } from '../src/probe/index.ts';
import { OnvifDeviceEmulator, type EmulatorOptions } from './fixtures/onvif-device-emulator.ts';
import { RtspTestServer } from '@camwatch/testkit';
import { makeTestJpeg } from './fixtures/test-jpeg.ts';

const log = pino({ level: 'silent' });
const ctx = (timeoutMs = 10_000) => ({ signal: AbortSignal.timeout(60_000), timeoutMs, referenceHash: null });
const SEVEN_HOURS = 7 * 3600_000;
// Made once: spawnSync blocks the event loop, which would stall the other devices' answers.
const jpeg = makeTestJpeg(640, 480, 8);

/**
 * Quirks of real firmware (Hikvision, Dahua/KBVision, Axis, NVRs), modelled in the emulator,
 * through the agent's real prober and a real RTSP stream: what a technician meets in the field.
 */
describe.concurrent('ONVIF as real firmware does it', () => {
  const rtsp = new RtspTestServer();
  const devices: OnvifDeviceEmulator[] = [];
  const prober = createRealProber({
    logger: log,
    concurrency: 6,
    streamSampleSeconds: 1,
    frameSampleSeconds: 2,
    thresholds: { frozenMinSeconds: 1 },
  });

  const device = async (extra: Partial<EmulatorOptions>): Promise<OnvifDeviceEmulator> => {
    const d = new OnvifDeviceEmulator({
      dialect: 'standard',
      username: 'admin',
      password: 'Cam@2024',
      manufacturer: 'HIKVISION',
      model: 'DS-2CD1023G0-I',
      serial: `SN${devices.length}`,
      rtspUrl: rtsp.url('ok'),
      snapshotJpeg: jpeg,
      snapshotAuth: 'digest',
      ...extra,
    });
    devices.push(d);
    return d.start();
  };
  const target = (d: OnvifDeviceEmulator, extra: Partial<CameraTarget> = {}): CameraTarget => ({
    cameraId: `cam-${devices.indexOf(d)}`,
    make: 'unknown',
    model: 'unknown',
    firmware: null,
    rtspUrl: null,
    onvifUrl: d.xaddr,
    username: 'admin',
    password: 'Cam@2024',
    snapshotUrl: null,
    ...extra,
  });

  beforeAll(async () => {
    await rtsp.start();
  });
  afterAll(async () => {
    await Promise.all(devices.map((d) => d.stop()));
    await rtsp.stop();
  });

  it('reads the identity of a slow camera (250 ms an answer) once: 6 SOAP calls, then 2 per probe', async () => {
    // Two channels' worth of profiles (4): node-onvif asked GetStreamUri 3× each, 20 calls = 5 s, past ONVIF's 3.5 s share.
    const slow = await device({
      latencyMs: 250,
      channels: 2,
      channelRtspUrl: () => rtsp.url('ok'),
      dialect: 'vendor',
      manufacturer: 'Dahua',
      model: 'IPC-HFW1230S',
    });
    const cam = target(slow);
    // A generous budget: the point is what is asked, not how fast (the machine may be loaded).
    const first = await prober.probe(cam, ctx(20_000), false);
    const t0 = slow.actionTimes[0] ?? 0;
    expect(first.detail, JSON.stringify(slow.actions.map((a, i) => [a, Math.round((slow.actionTimes[i] ?? 0) - t0)]))).toMatch(
      /^stream: h264/,
    );
    expect(first).toMatchObject({
      status: 'ok',
      cause: null,
      identity: { make: 'Dahua', model: 'IPC-HFW1230S', firmware: 'V5.5.82 build 190220' },
    });
    expect(first.inconclusive).toBeUndefined();
    expect(slow.actions).toEqual([
      'GetSystemDateAndTime',
      'GetDeviceInformation',
      'GetCapabilities',
      'GetProfiles',
      'GetStreamUri',
      'GetSnapshotUri',
    ]);
    for (let i = 0; i < 2; i++) expect((await prober.probe(cam, ctx(20_000), false)).status).toBe('ok');
    expect(slow.actions).toHaveLength(10);
    expect(slow.count('GetStreamUri')).toBe(1);
  });

  it('answers the HTTP Digest challenge of firmware that guards ONVIF with it', async () => {
    const digestOnly = await device({ httpAuth: 'digest-only' });
    const v = await prober.probe(target(digestOnly), ctx(), false);
    expect(v).toMatchObject({ status: 'ok', identity: { make: 'HIKVISION' }, stream: { codec: 'h264' } });
    expect(digestOnly.httpChallenges).toBeGreaterThan(0);
    expect(digestOnly.actions).toContain('GetStreamUri');
  });

  it('keeps the configured address when the camera reports LAN addresses behind port forwarding', async () => {
    // The device says 127.0.0.2 (its "LAN" side, nothing listens there); it is reached at 127.0.0.1.
    const forwarded = await device({ lanHost: '127.0.0.2' });
    const cam = target(forwarded);
    const v = await prober.probe(cam, ctx(), false);
    expect(v).toMatchObject({ status: 'ok', stream: { codec: 'h264', width: 320 } });
    const shot = await prober.snapshot(cam, ctx());
    expect(shot).toMatchObject({ width: 640, height: 480 });
    expect(forwarded.snapshotGets).toBeGreaterThan(0);
  });

  it("puts the device's own reason into the report when GetStreamUri faults (SOAP 1.2, HTTP 500), and asks once", async () => {
    const faulty = await device({
      streamUriFault: { subcodes: ['Action', 'IncompleteConfiguration'], reason: 'Video encoder configuration is incomplete' },
    });
    const cam = target(faulty);
    const v = await prober.probe(cam, ctx(), false);
    expect(v).toMatchObject({ status: 'down', cause: 'onvif_failing' });
    expect(v.detail).toMatch(
      /^onvif: the device refused: GetStreamUri: Video encoder configuration is incomplete \(env:Receiver \/ ter:Action \/ ter:IncompleteConfiguration\)/,
    );
    const again = await prober.probe(cam, ctx(), false);
    expect(again.detail).toMatch(/Video encoder configuration is incomplete.*next identity read in \d+ s/);
    expect(faulty.count('GetStreamUri')).toBe(1);
  });

  it('reads SOAP 1.1 faults (faultcode, faultstring) as older Axis firmware sends them', async () => {
    const axis = await device({
      dialect: 'axis',
      manufacturer: 'AXIS',
      model: 'M3045-V',
      streamUriFault: { subcodes: ['ActionNotSupported'], reason: 'The requested stream setup is not supported' },
    });
    const v = await prober.probe(target(axis), ctx(), false);
    expect(v).toMatchObject({ status: 'down', cause: 'onvif_failing' });
    expect(v.detail).toContain(
      'not supported by this device: GetStreamUri: The requested stream setup is not supported (ter:ActionNotSupported)',
    );
  });

  it('signs in device time on a camera 7 h off, and reports clock_skew as its own cause', async () => {
    const skewed = await device({ clockOffsetMs: SEVEN_HOURS });
    const v = await prober.probe(target(skewed), ctx(), false);
    expect(v).toMatchObject({ status: 'degraded', cause: 'clock_skew', stream: { codec: 'h264' } });
    expect(v.detail).toMatch(/^onvif: HIKVISION DS-2CD1023G0-I.*device clock 7 h 0 min ahead/);
    expect(skewed.authFailures).toBe(0);
  });

  it('tells a wrong password, an address without ONVIF and a camera that ran out of time apart', async () => {
    const locked = await device({ password: 'changed-by-someone' });
    const wrong = await prober.probe(target(locked, { rtspUrl: rtsp.url('ok') }), ctx(), false);
    expect(wrong).toMatchObject({ status: 'degraded', cause: 'onvif_failing' });
    expect(wrong.detail).toMatch(
      /^onvif: wrong user name or password: GetDeviceInformation: Sender not Authorized \(env:Sender \/ ter:NotAuthorized\)/,
    );

    // A web server without ONVIF (ONVIF switched off in the camera's settings: 404 for the service path).
    const web = createServer((_req, res) =>
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>404 Not Found</body></html>'),
    );
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const webPort = (web.address() as AddressInfo).port;
    const noOnvif = await prober.probe(
      target(locked, { cameraId: 'cam-no-onvif', onvifUrl: `http://127.0.0.1:${webPort}/onvif/device_service`, rtspUrl: rtsp.url('ok') }),
      ctx(),
      false,
    );
    await new Promise<void>((resolve) => web.close(() => resolve()));
    expect(noOnvif).toMatchObject({ status: 'degraded', cause: 'onvif_failing' });
    expect(noOnvif.detail).toMatch(/^onvif: not supported by this device: \w+: HTTP 404 \(no ONVIF service at this address\)/);

    const hung = await device({ hangActions: ['GetSystemDateAndTime'] });
    const slow = await prober.probe(target(hung, { rtspUrl: rtsp.url('ok') }), ctx(6_000), false);
    expect(slow).toMatchObject({ status: 'degraded', cause: 'onvif_failing', inconclusive: true });
    expect(slow.detail).toMatch(/^onvif: timed out: no answer within \d+ ms/);
    expect(wrong.inconclusive).toBeUndefined();
  });

  it('watches each camera of a multi-channel NVR through its own channel on one address', async () => {
    const nvr = await device({
      channels: 3,
      manufacturer: 'HIKVISION',
      model: 'DS-7608NI-K2',
      channelRtspUrl: (ch) => rtsp.url(ch === 2 ? 'black' : 'ok'),
    });
    const ch1 = await prober.probe(target(nvr, { cameraId: 'nvr-ch1' }), ctx(), true);
    const ch2 = await prober.probe(target(nvr, { cameraId: 'nvr-ch2', onvifChannel: 2 }), ctx(), true);
    expect(ch1).toMatchObject({ status: 'ok', identity: { model: 'DS-7608NI-K2' } });
    expect(ch2).toMatchObject({ status: 'down', cause: 'black' });
    const missing = await prober.probe(target(nvr, { cameraId: 'nvr-ch9', onvifChannel: 9 }), ctx(), false);
    expect(missing.detail).toMatch(/3 channel\(s\), not channel 9/);
  });
});
