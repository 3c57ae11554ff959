import { DEFAULTS } from '@camwatch/config';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraTarget } from '../src/core/ports.ts';
import { createRealProber } from '../src/probe/index.ts';
import { createSpawnMediaTools, type MediaTools } from '../src/probe/media/media-tools.ts';
import { RtspTestServer, type RtspMount } from '@camwatch/testkit';
import { waitUntil } from './helpers/mqtt-recorder.ts';
import { startRecordedCore } from './helpers/recorded-core.ts';

const log = pino({ level: 'silent' });

function rtspCamera(cameraId: string, rtspUrl: string): CameraTarget {
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
  };
}

/** The real ffmpeg, started late as on a station box busy with other work: the picture sample then misses its bound. */
function slowFfmpeg(delayMs: number): MediaTools {
  const real = createSpawnMediaTools();
  return {
    ffprobe: (args, opts) => real.ffprobe(args, opts),
    ffmpeg: async (args, opts) => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        opts.signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
      return real.ffmpeg(args, opts);
    },
  };
}

describe('a picture verdict holds between picture checks (real RTSP server, real agent core)', () => {
  const server = new RtspTestServer();
  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('a black camera stays down/black through the basic probes between two picture checks', async () => {
    const prober = createRealProber({ logger: log, concurrency: 2, streamSampleSeconds: 1, frameSampleSeconds: 2 });
    const rig = await startRecordedCore('ST-HOLD', {
      prober,
      cameras: [rtspCamera('HOLD-BLACK', server.url('black'))],
      // Probes every second, picture checks once an hour: every probe after the confirmation is basic.
      intervals: { healthMs: 600_000, probeMs: 1_000, pictureCheckMs: 3_600_000, statusRefreshMs: 600_000, snapshotMs: 600_000 },
      limits: { checkTimeoutMs: 15_000 },
      agentVersion: 'hold-test',
    });
    try {
      const statuses = () => rig.recorder.of('cameraStatus').map((m) => `${m.json.status as string}/${m.json.cause as string}`);
      await waitUntil('down/black reported', () => statuses().includes('down/black'), 40_000);
      const probesAtDown = rig.core.stats().probes;
      await waitUntil('four basic probes after it', () => rig.core.stats().probes >= probesAtDown + 4, 40_000);
      const after = statuses().slice(statuses().indexOf('down/black'));
      expect(after.every((s) => s === 'down/black')).toBe(true);
      // The first picture check alone did not page: the fault was confirmed by a second one.
      expect(statuses()[0]).not.toBe('down/black');
      expect(rig.core.stats().cameras[0]).toMatchObject({ status: 'down', cause: 'black' });
      const last = rig.recorder.of('cameraStatus').at(-1)!.json;
      expect(last.picture).toMatchObject({ blackRatio: 1 });
    } finally {
      await rig.stop();
    }
  });

  it('samples a 2 fps camera within the default check timeout: low_fps with a picture, never stream_failing', async () => {
    const prober = createRealProber({ logger: log, concurrency: 2 });
    const v = await prober.probe(
      rtspCamera('SLOW-2FPS', server.url('lowfps' satisfies RtspMount)),
      { signal: AbortSignal.timeout(60_000), timeoutMs: DEFAULTS.checkTimeoutMs.value, referenceHash: null },
      true,
    );
    expect(v.detail).not.toMatch(/picture: timed out/);
    expect(v).toMatchObject({ status: 'degraded', cause: 'low_fps' });
    expect(v.picture).not.toBeNull();
  });

  it('a picture check that runs out of time is not evidence against the camera', async () => {
    const prober = createRealProber({ logger: log, concurrency: 2, streamSampleSeconds: 1, media: slowFfmpeg(30_000) });
    const v = await prober.probe(
      rtspCamera('SLOW-BOX', server.url('ok')),
      { signal: AbortSignal.timeout(60_000), timeoutMs: 8_000, referenceHash: null },
      true,
    );
    expect(v).toMatchObject({ status: 'ok', cause: null, picture: null });
    expect(v.stream?.codec).toBe('h264');
    expect(v.detail).toMatch(/picture: timed out: no answer within \d+ ms \(not counted against the camera\)/);
  });
});
