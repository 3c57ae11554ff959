import { freePort, RtspTestServer, type RtspMount } from '@camwatch/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraTarget, CameraVerdict } from '../src/core/ports.ts';
import { createRealProber } from '../src/probe/index.ts';

const log = pino({ level: 'silent' });

function rtspCamera(cameraId: string, rtspUrl: string, extra: Partial<CameraTarget> = {}): CameraTarget {
  return {
    cameraId,
    make: 'generic',
    model: 'rtsp',
    firmware: null,
    rtspUrl,
    onvifUrl: null,
    username: null,
    password: null,
    snapshotUrl: null,
    ...extra,
  };
}

describe.concurrent('real prober against a real GStreamer RTSP server', () => {
  const server = new RtspTestServer();
  // Short samples and a 1 s freeze keep the suite fast; the code paths are those of the defaults.
  const prober = createRealProber({
    logger: log,
    concurrency: 8,
    streamSampleSeconds: 1,
    frameSampleSeconds: 2,
    thresholds: { frozenMinSeconds: 1 },
  });
  const ctx = (referenceHash: string | null = null) => ({ signal: AbortSignal.timeout(60_000), timeoutMs: 15_000, referenceHash });
  const deep = (mount: RtspMount, ref: string | null): Promise<CameraVerdict> =>
    prober.probe(rtspCamera(`cam-${mount}`, server.url(mount)), ctx(ref), true);

  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('reports a healthy moving stream as ok with codec, resolution, fps and bitrate, and sees a turned camera', async () => {
    const reference = await deep('ok', null);
    expect(reference.status).toBe('ok');
    expect(reference.cause).toBeNull();
    expect(reference.stream).toMatchObject({ codec: 'h264', width: 320, height: 240 });
    expect(reference.stream?.fps).toBeGreaterThan(6); // 10 fps sent; a loaded machine may drop a frame of the sample
    expect(reference.stream?.fps).toBeLessThan(12);
    expect(reference.stream?.bitrateKbps).toBeGreaterThan(50);
    expect(reference.picture).toMatchObject({ frozen: false, blackRatio: 0, viewDistance: null });
    expect(reference.picture?.sharpness).toBeGreaterThan(1000);
    expect(reference.frameHash).toMatch(/^[0-9a-f]{16}$/);

    const [same, turned] = await Promise.all([deep('ok', reference.frameHash), deep('turned', reference.frameHash)]);
    expect(same).toMatchObject({ status: 'ok', cause: null });
    expect(same.picture!.viewDistance).toBeLessThan(8);
    expect(turned).toMatchObject({ status: 'degraded', cause: 'view_changed' });
    expect(turned.picture!.viewDistance).toBeGreaterThanOrEqual(22);
  });

  it('tells each picture fault apart, with the cause the contracts order', async () => {
    const mounts: RtspMount[] = ['frozen', 'black', 'covered', 'blurred', 'lowfps'];
    const verdicts = await Promise.all(mounts.map((m) => deep(m, null)));
    const got = Object.fromEntries(mounts.map((m, i) => [m, `${verdicts[i]!.status}/${verdicts[i]!.cause}`]));
    expect(got).toEqual({
      frozen: 'down/frozen',
      black: 'down/black',
      covered: 'down/covered',
      blurred: 'degraded/blurred',
      lowfps: 'degraded/low_fps',
    });
    const [frozen, black, covered, blurred, lowfps] = verdicts;
    expect(frozen!.picture!.frozen).toBe(true);
    expect(black!.picture!.blackRatio).toBeGreaterThan(0.9);
    expect(covered!.picture!.variance).toBeLessThan(60);
    expect(covered!.picture!.brightness).toBeGreaterThan(30);
    expect(blurred!.picture!.sharpness).toBeLessThan(40);
    expect(blurred!.picture!.frozen).toBe(false);
    expect(lowfps!.stream!.fps).toBeLessThan(3);
    expect(blurred!.detail).toMatch(/^picture: .*sharpness/);
  });

  it('does not decode frames in a basic probe: a frozen picture still has a working stream', async () => {
    const v = await prober.probe(rtspCamera('cam-frozen', server.url('frozen')), ctx(), false);
    expect(v).toMatchObject({ status: 'ok', cause: null, picture: null, frameHash: null });
    expect(v.stream?.codec).toBe('h264');
  });

  it('reports a closed port as unreachable and never leaks the password', async () => {
    const port = await freePort();
    const v = await prober.probe(rtspCamera('cam-dead', `rtsp://admin:S3cret-pw@127.0.0.1:${port}/Streaming/Channels/101`), ctx(), true);
    expect(v).toMatchObject({ status: 'down', cause: 'unreachable', stream: null, picture: null });
    expect(v.detail).toContain(`127.0.0.1:${port} refused`);
    expect(v.detail).not.toContain('S3cret-pw');
  });

  it('reports a server without that stream as stream_failing', async () => {
    const v = await prober.probe(
      rtspCamera('cam-nosuch', `rtsp://127.0.0.1:${server.port}/nosuch`, { username: 'viewer', password: 'Hidden-123' }),
      ctx(),
      true,
    );
    expect(v).toMatchObject({ status: 'down', cause: 'stream_failing' });
    expect(v.detail).toMatch(/^stream: /);
    expect(v.detail).not.toContain('Hidden-123');
  });

  it('bounds a check by its timeout', async () => {
    const v = await prober.probe(
      rtspCamera('cam-slow', server.url('ok')),
      { signal: AbortSignal.timeout(30_000), timeoutMs: 400, referenceHash: null },
      false,
    );
    expect(v).toMatchObject({ status: 'down', cause: 'stream_failing' });
    expect(v.detail).toMatch(/^stream: timed out: no answer within \d+ ms$/);
  });
});
