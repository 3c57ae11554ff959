import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnvifIdentity, pingOnvif, rebootOnvif, OnvifError } from '../src/onvif/onvif-device-client.ts';
import { createOnvifDiscovery } from '../src/probe/index.ts';
import { CancelledError, TimeoutError } from '../src/probe/abort-timeout.ts';
import { makeTestJpeg } from './fixtures/test-jpeg.ts';
import { OnvifDeviceEmulator, type EmulatorOptions } from './fixtures/onvif-device-emulator.ts';
import { WsDiscoveryResponder } from './fixtures/ws-discovery-responder.ts';

const log = pino({ level: 'silent' });
const jpeg = makeTestJpeg(320, 240, 5);
const base: EmulatorOptions = {
  dialect: 'standard',
  username: 'admin',
  password: 'Cam@2024',
  manufacturer: 'HIKVISION',
  model: 'DS-2CD1023G0-I',
  serial: 'DS-2CD1023G0-I20200101AAWRE12345678',
  rtspUrl: 'rtsp://127.0.0.1:554/Streaming/Channels/101',
  snapshotJpeg: jpeg,
  snapshotAuth: 'digest',
};
const call = (ms = 5000) => ({ signal: AbortSignal.timeout(ms * 2), timeoutMs: ms });

describe('ONVIF adapter over real HTTP and UDP', () => {
  const hik = new OnvifDeviceEmulator(base);
  const dahua = new OnvifDeviceEmulator({
    ...base,
    dialect: 'vendor',
    manufacturer: 'Dahua',
    model: 'IPC-HFW1230S',
    serial: '4J0281APAZ5C8F1',
    rtspUrl: 'rtsp://127.0.0.1:554/cam/realmonitor?channel=1&subtype=0',
    snapshotAuth: 'basic',
  });
  const locked = new OnvifDeviceEmulator({ ...base, password: 'someone-changed-it', serial: 'LOCKED01' });
  const hung = new OnvifDeviceEmulator({ ...base, hangActions: ['GetDeviceInformation'] });
  let responder: WsDiscoveryResponder;

  beforeAll(async () => {
    await Promise.all([hik.start(), dahua.start(), locked.start(), hung.start()]);
    responder = await new WsDiscoveryResponder([
      {
        urn: 'urn:uuid:11111111-2222-3333-4444-bcbac0000001',
        xaddr: hik.xaddr,
        hardware: 'DS-2CD1023G0-I',
        name: 'HIKVISION%20DS-2CD1023G0-I',
        dialect: 'standard',
      },
      {
        urn: 'urn:uuid:5f6d1a2e-0000-4000-8000-3c1e04a1b2c3',
        xaddr: dahua.xaddr,
        hardware: 'IPC-HFW1230S',
        name: 'Dahua',
        dialect: 'vendor',
      },
      {
        urn: 'urn:uuid:99999999-0000-4000-8000-0000000000aa',
        xaddr: locked.xaddr,
        hardware: 'DS-2CD2T43G0',
        name: 'Gate',
        dialect: 'standard',
      },
    ]).start();
  });
  afterAll(async () => {
    await responder?.stop();
    await Promise.all([hik.stop(), dahua.stop(), locked.stop(), hung.stop()]);
  });

  it('discovers every device on loopback and reads identity and media URIs of each', async () => {
    const discovery = createOnvifDiscovery({
      logger: log,
      idPrefix: 'LA-BL-0042',
      credentials: { username: 'admin', password: 'Cam@2024' },
      probe: { address: '127.0.0.1', port: responder.port, waitMs: 900 },
      timeoutMs: 5000,
    });
    const targets = await discovery.discover(AbortSignal.timeout(20_000));
    expect(responder.probes).toBeGreaterThan(0);
    const byMake = new Map(targets.map((t) => [t.make, t]));
    expect(targets).toHaveLength(3);

    const h = byMake.get('HIKVISION');
    expect(h).toMatchObject({
      cameraId: 'LA-BL-0042-DS-2CD1023G0-I20200101AAWRE12345678',
      model: 'DS-2CD1023G0-I',
      firmware: 'V5.5.82 build 190220',
      onvifUrl: hik.xaddr,
      rtspUrl: base.rtspUrl,
      snapshotUrl: hik.snapshotUrl,
      username: 'admin',
    });

    // Vendor dialect: other namespace prefixes; asked once, for RTSP only (it faults UDP and HTTP).
    const d = byMake.get('Dahua');
    expect(d?.rtspUrl).toBe('rtsp://127.0.0.1:554/cam/realmonitor?channel=1&subtype=0');
    expect(d?.cameraId).toBe('LA-BL-0042-4J0281APAZ5C8F1');
    expect(dahua.count('GetStreamUri')).toBe(1);

    // Wrong password: still listed (the technician must see it), without identity or stream.
    const l = targets.find((t) => t.onvifUrl === locked.xaddr);
    expect(l).toMatchObject({ make: 'unknown', model: 'DS-2CD2T43G0', rtspUrl: null, cameraId: 'LA-BL-0042-0000000000aa' });
    expect(locked.authFailures).toBeGreaterThan(0);
  });

  it('lists each channel of a multi-channel NVR as its own camera, and makes a port-less stream URI explicit', async () => {
    const nvr = await new OnvifDeviceEmulator({
      ...base,
      model: 'DS-7604NI-K1',
      serial: 'NVR7604',
      channels: 4,
      rtspUrl: 'rtsp://127.0.0.1/Streaming/Channels/101',
      streamUriWithoutPort: true,
    }).start();
    const nvrResponder = await new WsDiscoveryResponder([
      {
        urn: 'urn:uuid:aaaaaaaa-0000-4000-8000-000000007604',
        xaddr: nvr.xaddr,
        hardware: 'DS-7604NI-K1',
        name: 'NVR',
        dialect: 'standard',
      },
    ]).start();
    try {
      const discovery = createOnvifDiscovery({
        logger: log,
        idPrefix: 'LA-BL-0042',
        credentials: { username: 'admin', password: 'Cam@2024' },
        probe: { address: '127.0.0.1', port: nvrResponder.port, waitMs: 600 },
        timeoutMs: 5000,
      });
      const targets = await discovery.discover(AbortSignal.timeout(20_000));
      expect(targets.map((t) => [t.cameraId, t.onvifChannel ?? 1, t.onvifUrl])).toEqual(
        [1, 2, 3, 4].map((n) => [`LA-BL-0042-NVR7604-ch${n}`, n, nvr.xaddr]),
      );
      expect(targets[2]?.rtspUrl).toBe('rtsp://127.0.0.1:554/Streaming/Channels/101?channel=3');
      // One GetStreamUri and one GetSnapshotUri per channel's main profile, none for the sub profiles.
      expect(nvr.count('GetStreamUri')).toBe(4);
      expect(nvr.count('GetSnapshotUri')).toBe(4);
    } finally {
      await nvrResponder.stop();
      await nvr.stop();
    }
  });

  it('finds nothing, without error, when no device answers', async () => {
    const silent = await new WsDiscoveryResponder([]).start();
    const port = silent.port;
    await silent.stop();
    const discovery = createOnvifDiscovery({ logger: log, idPrefix: 'ST1', probe: { address: '127.0.0.1', port, waitMs: 400 } });
    await expect(discovery.discover(AbortSignal.timeout(10_000))).resolves.toEqual([]);
  });

  it('stops a discovery round when cancelled', async () => {
    const discovery = createOnvifDiscovery({
      logger: log,
      idPrefix: 'ST1',
      probe: { address: '127.0.0.1', port: responder.port, waitMs: 10_000 },
    });
    const ac = new AbortController();
    const started = Date.now();
    const p = discovery.discover(ac.signal);
    setTimeout(() => ac.abort(), 200);
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("reads identity of a vendor-dialect device: both profiles, one channel, the main profile's URIs", async () => {
    const id = await readOnvifIdentity({ xaddr: dahua.xaddr, username: 'admin', password: 'Cam@2024' }, call());
    expect(id.manufacturer).toBe('Dahua');
    expect(id.profiles.map((p) => [p.token, p.sourceToken, p.width, p.height, p.encoding])).toEqual([
      ['Profile_1', 'VideoSource_1', 320, 240, 'H264'],
      ['Profile_2', 'VideoSource_1', 160, 120, 'H264'],
    ]);
    expect(id.channels).toHaveLength(1);
    expect(id.channels[0]).toMatchObject({
      channel: 1,
      rtspUrl: 'rtsp://127.0.0.1:554/cam/realmonitor?channel=1&subtype=0',
      snapshotUrl: dahua.snapshotUrl,
    });
    expect(Math.abs(id.clockOffsetMs ?? Infinity)).toBeLessThan(2000);
  });

  it('answers the ONVIF check with two requests, and reports refused credentials as an OnvifError', async () => {
    const before = hik.actions.length;
    const ping = await pingOnvif({ xaddr: hik.xaddr, username: 'admin', password: 'Cam@2024' }, call());
    expect(ping).toMatchObject({ manufacturer: 'HIKVISION' });
    expect(ping.clockOffsetMs).not.toBeNull();
    expect(hik.actions.slice(before)).toEqual(['GetSystemDateAndTime', 'GetDeviceInformation']);
    const err = await pingOnvif({ xaddr: hik.xaddr, username: 'admin', password: 'wrong' }, call()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OnvifError);
    expect((err as Error).message).toMatch(/not Authorized/i);
  });

  it('bounds a device that never answers by the timeout', async () => {
    const err = await pingOnvif(
      { xaddr: hung.xaddr, username: 'admin', password: 'Cam@2024' },
      { signal: AbortSignal.timeout(600), timeoutMs: 600 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toBe('ONVIF GetDeviceInformation: no answer within 600 ms');
  });

  it('reboots through SystemReboot with a signed request', async () => {
    const message = await rebootOnvif({ xaddr: hik.xaddr, username: 'admin', password: 'Cam@2024' }, call());
    expect(message).toBe('Rebooting in 30 seconds');
    expect(hik.reboots).toBe(1);
    await expect(rebootOnvif({ xaddr: locked.xaddr, username: 'admin', password: 'Cam@2024' }, call())).rejects.toBeInstanceOf(OnvifError);
    expect(locked.reboots).toBe(0);
  });
});
