import { freePort, RtspTestServer } from '@camwatch/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraTarget } from '../src/core/ports.ts';
import { createRealProber } from '../src/probe/index.ts';
import { createSpawnMediaTools } from '../src/probe/media/media-tools.ts';
import { digestAuthorization, parseChallenge } from '../src/snapshot/digest-auth.ts';
import { fitJpeg } from '../src/snapshot/jpeg-fitter.ts';
import { jpegDimensions } from '../src/snapshot/jpeg-dimensions.ts';
import { OnvifDeviceEmulator, type EmulatorOptions } from './fixtures/onvif-device-emulator.ts';
import { makeTestJpeg } from './fixtures/test-jpeg.ts';

const log = pino({ level: 'silent' });
const big = makeTestJpeg(1280, 720, 2);
const small = makeTestJpeg(320, 240, 5);
const ctx = () => ({ signal: AbortSignal.timeout(30_000), timeoutMs: 10_000, referenceHash: null });
const base: EmulatorOptions = {
  dialect: 'standard',
  username: 'admin',
  password: 'Cam@2024',
  manufacturer: 'HIKVISION',
  model: 'DS-2CD1023G0-I',
  serial: 'SN1',
  rtspUrl: 'rtsp://127.0.0.1:1/none',
  snapshotJpeg: big,
  snapshotAuth: 'digest',
};

function camera(extra: Partial<CameraTarget>): CameraTarget {
  return {
    cameraId: 'cam-1',
    make: 'x',
    model: 'y',
    firmware: null,
    rtspUrl: null,
    onvifUrl: null,
    username: 'admin',
    password: 'Cam@2024',
    snapshotUrl: null,
    ...extra,
  };
}

describe('snapshots from real cameras, fitted to the 4G budget', () => {
  const rtsp = new RtspTestServer();
  const digest = new OnvifDeviceEmulator(base);
  const basic = new OnvifDeviceEmulator({ ...base, dialect: 'vendor', snapshotAuth: 'basic', snapshotJpeg: small });
  const html = new OnvifDeviceEmulator({ ...base, snapshotJpeg: Buffer.from('<html><body>Please log in</body></html>') });
  const prober = createRealProber({ logger: log });

  beforeAll(async () => {
    await Promise.all([rtsp.start(), digest.start(), basic.start(), html.start()]);
  });
  afterAll(async () => {
    await Promise.all([rtsp.stop(), digest.stop(), basic.stop(), html.stop()]);
  });

  it('fetches the snapshot URI behind HTTP Digest and downscales it to the width and byte budget', async () => {
    expect(big.length).toBeGreaterThan(60_000);
    const shot = await prober.snapshot(camera({ snapshotUrl: digest.snapshotUrl }), ctx());
    expect(shot).toMatchObject({ width: 640, height: 360 });
    expect(shot.jpeg.length).toBeLessThanOrEqual(60_000);
    expect(jpegDimensions(shot.jpeg)).toEqual({ width: 640, height: 360 });
    expect(digest.snapshotGets).toBe(2); // challenge, then the authorised request
  });

  it('answers a Basic challenge and passes a JPEG that already fits through untouched', async () => {
    const shot = await prober.snapshot(camera({ snapshotUrl: basic.snapshotUrl }), ctx());
    expect(shot.jpeg.equals(small)).toBe(true);
    expect(shot).toMatchObject({ width: 320, height: 240 });
  });

  it('falls back to a stream frame when the snapshot URI refuses the password', async () => {
    const before = prober.rejects().snapshot_http_status;
    const shot = await prober.snapshot(camera({ snapshotUrl: digest.snapshotUrl, password: 'wrong', rtspUrl: rtsp.url('ok') }), ctx());
    expect(shot).toMatchObject({ width: 320, height: 240 });
    expect(shot.jpeg[0]).toBe(0xff);
    expect(prober.rejects().snapshot_http_status).toBe(before + 1);
  });

  it('refuses an answer that is not a JPEG and counts it', async () => {
    await expect(prober.snapshot(camera({ snapshotUrl: html.snapshotUrl }), ctx())).rejects.toThrow(/not a JPEG/);
    expect(prober.rejects().snapshot_not_jpeg).toBe(1);
  });

  it('reports both failures, without the password, when no source works', async () => {
    const port = await freePort();
    const err = await prober
      .snapshot(
        camera({ snapshotUrl: `http://127.0.0.1:${port}/snap.jpg`, rtspUrl: `rtsp://127.0.0.1:${port}/live`, password: 'Very-Secret-9' }),
        ctx(),
      )
      .catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/;/);
    expect((err as Error).message).not.toContain('Very-Secret-9');
  });

  it('lowers quality, then width, until a tight budget is met', async () => {
    const out = await fitJpeg(createSpawnMediaTools(), big, { maxWidthPx: 640, maxBytes: 9_000, signal: AbortSignal.timeout(30_000) });
    expect(out.jpeg.length).toBeLessThanOrEqual(9_000);
    expect(jpegDimensions(out.jpeg)).toEqual({ width: out.width, height: out.height });
    expect(out.width).toBeLessThanOrEqual(640);
  });

  it('parses challenges with quoted commas and answers them per RFC 7616', () => {
    const c = parseChallenge('Digest qop="auth,auth-int", realm="IP Camera(C6059), main", nonce="abc", opaque="xyz", algorithm=MD5');
    expect(c).toEqual({
      scheme: 'digest',
      params: { qop: 'auth,auth-int', realm: 'IP Camera(C6059), main', nonce: 'abc', opaque: 'xyz', algorithm: 'MD5' },
    });
    const header = digestAuthorization(c!, { method: 'GET', uri: '/snap?x=1', username: 'admin', password: 'pw', nonceCount: 1 });
    expect(header).toMatch(
      /^Digest username="admin", realm="IP Camera\(C6059\), main", nonce="abc", uri="\/snap\?x=1", algorithm=MD5, response="[0-9a-f]{32}", qop=auth, nc=00000001, cnonce="[0-9a-f]{16}", opaque="xyz"$/,
    );
    expect(
      digestAuthorization(
        { scheme: 'digest', params: { realm: 'r', nonce: 'n', algorithm: 'SHA-512-256' } },
        { method: 'GET', uri: '/', username: 'a', password: 'b', nonceCount: 1 },
      ),
    ).toBeNull();
  });
});
