import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraTarget } from '../src/core/ports.ts';
import { createRealProber } from '../src/probe/index.ts';
import { OnvifDeviceEmulator, type EmulatorOptions } from './fixtures/onvif-device-emulator.ts';
import { RtspTestServer } from '@camwatch/testkit';
import { makeTestJpeg } from './fixtures/test-jpeg.ts';

const log = pino({ level: 'silent' });
const ctx = (timeoutMs = 12_000) => ({ signal: AbortSignal.timeout(60_000), timeoutMs, referenceHash: null });

describe.concurrent('real prober on ONVIF cameras (emulated device, real RTSP stream)', () => {
  const rtsp = new RtspTestServer();
  const devices: OnvifDeviceEmulator[] = [];
  const prober = createRealProber({
    logger: log,
    concurrency: 4,
    streamSampleSeconds: 1,
    frameSampleSeconds: 2,
    thresholds: { frozenMinSeconds: 1 },
  });
  let good: OnvifDeviceEmulator;
  let rebootable: OnvifDeviceEmulator;
  let locked: OnvifDeviceEmulator;
  let hung: OnvifDeviceEmulator;

  const device = async (extra: Partial<EmulatorOptions>): Promise<OnvifDeviceEmulator> => {
    const d = new OnvifDeviceEmulator({
      dialect: 'vendor',
      username: 'admin',
      password: 'Cam@2024',
      manufacturer: 'KBVISION',
      model: 'KX-2011N2',
      serial: 'KB1',
      rtspUrl: rtsp.url('ok'),
      snapshotJpeg: makeTestJpeg(640, 480, 8),
      snapshotAuth: 'digest',
      ...extra,
    });
    devices.push(d);
    return d.start();
  };
  const target = (d: OnvifDeviceEmulator, extra: Partial<CameraTarget> = {}): CameraTarget => ({
    cameraId: `cam-${devices.indexOf(d)}`,
    make: 'KBVISION',
    model: 'KX-2011N2',
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
    good = await device({});
    rebootable = await device({ dialect: 'standard' });
    locked = await device({ password: 'changed-by-someone' });
    hung = await device({ hangActions: ['GetSystemDateAndTime', 'GetDeviceInformation', 'GetCapabilities'] });
  });
  afterAll(async () => {
    await Promise.all(devices.map((d) => d.stop()));
    await rtsp.stop();
  });

  it('learns the stream and snapshot URIs over ONVIF, then checks ONVIF with two requests only', async () => {
    const cam = target(good);
    const first = await prober.probe(cam, ctx(), false);
    expect(first).toMatchObject({ status: 'ok', cause: null, stream: { codec: 'h264', width: 320, height: 240 } });
    expect(good.actions).toContain('GetStreamUri');
    expect(good.actions).toContain('GetSnapshotUri');

    const before = good.actions.length;
    const second = await prober.probe(cam, ctx(), false);
    expect(second.status).toBe('ok');
    expect(good.actions.slice(before)).toEqual(['GetSystemDateAndTime', 'GetDeviceInformation']);

    // The snapshot uses the URI ONVIF gave, behind Digest auth.
    const shot = await prober.snapshot(cam, ctx());
    expect(shot).toMatchObject({ width: 640, height: 480 });
    expect(good.snapshotGets).toBe(2);
  });

  it('is degraded, not down, when ONVIF refuses the password but the stream works', async () => {
    const v = await prober.probe(target(locked, { rtspUrl: rtsp.url('ok') }), ctx(), false);
    expect(v).toMatchObject({ status: 'degraded', cause: 'onvif_failing' });
    expect(v.stream?.codec).toBe('h264');
    expect(v.detail).toMatch(/^onvif: .*not Authorized/i);
  });

  it('is down with onvif_failing when ONVIF was the only way to the stream', async () => {
    const v = await prober.probe(target(locked), ctx(), false);
    expect(v).toMatchObject({ status: 'down', cause: 'onvif_failing', stream: null });
  });

  it('lets a down picture fault win over a failing ONVIF', async () => {
    const v = await prober.probe(target(locked, { rtspUrl: rtsp.url('black') }), ctx(), true);
    expect(v).toMatchObject({ status: 'down', cause: 'black' });
    expect(v.detail).toContain('onvif:');
  });

  it('keeps a hung ONVIF server to its share of the budget, so the stream is still checked in time', async () => {
    // The bound shows in the detail (not in wall-clock time, which a loaded machine stretches).
    const v = await prober.probe(target(hung, { rtspUrl: rtsp.url('ok') }), ctx(10_000), false);
    expect(v).toMatchObject({ status: 'degraded', cause: 'onvif_failing', inconclusive: true });
    expect(v.stream?.codec).toBe('h264');
    expect(v.detail).toMatch(/^onvif: timed out: no answer within 3500 ms/);
  });

  it('reboots an ONVIF camera and refuses to reboot one without ONVIF', async () => {
    await prober.reboot(target(rebootable), ctx());
    expect(rebootable.reboots).toBe(1);
    await expect(prober.reboot(target(rebootable, { onvifUrl: null, rtspUrl: rtsp.url('ok') }), ctx())).rejects.toThrow(/no ONVIF address/);
    await expect(prober.reboot(target(locked), ctx())).rejects.toThrow(/not Authorized/i);
  });
});
