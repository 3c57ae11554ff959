import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, RtspTestServer } from '@camwatch/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckReport } from '../src/check-report/check-report.ts';
import type { CameraTarget } from '../src/core/ports.ts';
import { createRealProber } from '../src/probe/index.ts';
import { jpegDimensions } from '../src/snapshot/jpeg-dimensions.ts';
import { OnvifDeviceEmulator } from './fixtures/onvif-device-emulator.ts';
import { makeTestPng } from './fixtures/test-jpeg.ts';

const log = pino({ level: 'silent' });

function cam(cameraId: string, extra: Partial<CameraTarget>): CameraTarget {
  return {
    cameraId,
    make: 'Imou',
    model: 'IPC-F22',
    firmware: null,
    rtspUrl: null,
    onvifUrl: null,
    username: null,
    password: null,
    snapshotUrl: null,
    ...extra,
  };
}

describe('--check report on real cameras', () => {
  const rtsp = new RtspTestServer();
  let onvif: OnvifDeviceEmulator;
  let dir = '';

  beforeAll(async () => {
    await rtsp.start();
    onvif = await new OnvifDeviceEmulator({
      dialect: 'standard',
      username: 'admin',
      password: 'Cam@2024',
      manufacturer: 'HIKVISION',
      model: 'DS-2CD1023G0-I',
      serial: 'SN9',
      rtspUrl: rtsp.url('ok'),
      snapshotJpeg: makeTestPng(1280, 720),
      snapshotAuth: 'digest', // this firmware answers PNG
    }).start();
    dir = await mkdtemp(join(tmpdir(), 'camwatch-check-'));
  });
  afterAll(async () => {
    await onvif?.stop();
    await rtsp.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints one bilingual block per camera, saves snapshots, and sums up', async () => {
    const dead = await freePort();
    const targets = [
      // Configured without maker and model (the config's default): ONVIF names it.
      cam('LA-BL-0042-C1', { make: 'unknown', model: 'unknown', onvifUrl: onvif.xaddr, username: 'admin', password: 'Cam@2024' }),
      cam('LA-BL-0042-C2', { rtspUrl: rtsp.url('frozen') }),
      // RTSP only and configured without maker and model: nothing can name it.
      cam('LA-BL-0042-C3', { make: 'unknown', model: 'unknown', rtspUrl: `rtsp://admin:Pw-Hidden-77@127.0.0.1:${dead}/live` }),
    ];
    const prober = createRealProber({
      logger: log,
      concurrency: 3,
      streamSampleSeconds: 1,
      frameSampleSeconds: 2,
      thresholds: { frozenMinSeconds: 1 },
    });
    let text = '';
    const result = await runCheckReport(
      targets,
      prober,
      { write: (t: string) => (text += t) },
      { snapshotDir: dir, timeoutMs: 12_000, now: () => Date.UTC(2025, 6, 1, 3, 5) },
    );

    expect(result).toMatchObject({ ok: 1, degraded: 0, down: 2 });
    expect(text).toContain('KIỂM TRA CAMERA TẠI TRẠM / STATION CAMERA CHECK — 01/07/2025 10:05');

    const blocks = text.split('\n\n');
    const [c1, c2, c3] = [1, 2, 3].map((n) => blocks.find((b) => b.includes(`[${n}/3]`)) ?? '');
    expect(c1).toContain('[1/3] Camera LA-BL-0042-C1 — HIKVISION DS-2CD1023G0-I (127.0.0.1)');
    expect(c1).toMatch(/Tìm thấy \/ Found\s+có \/ yes, trả lời ONVIF \/ answers ONVIF/);
    // The test server sends 10 fps; on a loaded machine it may drop a frame of the one-second sample.
    const fps = Number(/Luồng video \/ Stream\s+h264 320x240, ([\d.]+) khung hình\/giây \/ fps/.exec(c1 ?? '')?.[1]);
    expect(fps).toBeGreaterThan(6);
    expect(fps).toBeLessThanOrEqual(10.5);
    expect(c1).toMatch(/Hình ảnh \/ Picture\s+bình thường \/ normal/);
    expect(c1).toContain(`đã lưu / saved: ${join(dir, 'LA-BL-0042-C1.jpg')} (640x360, `);
    expect(c1).toContain('camera gửi ảnh PNG, đã chuyển sang JPEG / camera sent PNG, converted to JPEG (PNG 1280x720,');
    expect(result.cameras[0]?.target).toMatchObject({ make: 'HIKVISION', model: 'DS-2CD1023G0-I' });
    expect(c1).toMatch(/độ nét \/ sharpness \d+, độ sáng \/ brightness \d+/);
    expect(c1).toMatch(/Kết luận \/ Verdict\s+HOẠT ĐỘNG TỐT \/ OK/);

    expect(c2).toMatch(/Hình ảnh \/ Picture\s+hình ảnh bị đứng \/ frozen picture/);
    expect(c2).toMatch(/KHÔNG HOẠT ĐỘNG \/ DOWN — hình ảnh bị đứng \/ frozen picture/);
    expect(c2).toContain('đã lưu / saved');

    expect(c3).toContain('[3/3] Camera LA-BL-0042-C3 — không rõ hãng và model / make and model unknown (127.0.0.1)');
    expect(c2).toContain('[2/3] Camera LA-BL-0042-C2 — Imou IPC-F22 (127.0.0.1)');
    expect(c3).toMatch(/Tìm thấy \/ Found\s+không \/ no — không kết nối được/);
    expect(c3).toMatch(/Ảnh chụp \/ Snapshot\s+không chụp được \/ could not be taken/);
    expect(text).not.toContain('Pw-Hidden-77');
    expect(text).toContain('Tổng kết / Summary: 1 HOẠT ĐỘNG TỐT / OK, 0 HOẠT ĐỘNG KÉM / DEGRADED, 2 KHÔNG HOẠT ĐỘNG / DOWN');

    const saved = await readFile(join(dir, 'LA-BL-0042-C1.jpg'));
    expect(jpegDimensions(saved)).toEqual({ width: 640, height: 360 });
    expect(saved.length).toBeLessThanOrEqual(60_000);
    expect(jpegDimensions(await readFile(join(dir, 'LA-BL-0042-C2.jpg')))).toEqual({ width: 320, height: 240 });
  });

  it('says so when there is no camera at all', async () => {
    let text = '';
    const result = await runCheckReport([], createRealProber({ logger: log }), { write: (t: string) => (text += t) });
    expect(result).toEqual({ cameras: [], ok: 0, degraded: 0, down: 0 });
    expect(text).toContain('Chưa có camera nào trong cấu hình hoặc tìm thấy trên mạng. / No camera configured or found on the network.');
  });
});
