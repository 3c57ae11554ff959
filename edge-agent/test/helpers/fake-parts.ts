import type { CameraProber, CameraTarget, CameraVerdict, CheckContext, HealthReading, HealthSampler } from '../../src/core/ports.ts';

/** A tiny but real JPEG header/trailer pair: enough for the snapshot frame's SOI check. */
export const TINY_JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600, 0x11), Buffer.from([0xff, 0xd9])]);

/**
 * Camera checks are tested on their own against real RTSP/ONVIF servers; the core tests need a
 * prober whose answers they control. `verdicts` may be changed while the core runs.
 */
export class FakeProber implements CameraProber {
  verdicts = new Map<string, Omit<CameraVerdict, 'frameHash'>>();
  probes: { cameraId: string; deep: boolean }[] = [];
  reboots: string[] = [];

  async probe(target: CameraTarget, ctx: CheckContext, deep: boolean): Promise<CameraVerdict> {
    this.probes.push({ cameraId: target.cameraId, deep });
    if (ctx.signal.aborted) throw new Error('aborted');
    const v = this.verdicts.get(target.cameraId) ?? {
      status: 'ok',
      cause: null,
      detail: 'all checks passed',
      stream: { codec: 'h264', width: 1280, height: 720, fps: 25, bitrateKbps: 1500 },
      picture: null,
    };
    return { ...v, frameHash: deep ? '0f0f0f0f0f0f0f0f' : null };
  }

  async snapshot(): Promise<{ jpeg: Buffer; width: number; height: number }> {
    return { jpeg: TINY_JPEG, width: 640, height: 360 };
  }

  async reboot(target: CameraTarget): Promise<void> {
    if (!target.onvifUrl) throw new Error(`camera ${target.cameraId} has no ONVIF service to reboot`);
    this.reboots.push(target.cameraId);
  }
}

export class FixedHealth implements HealthSampler {
  async sample(): Promise<HealthReading> {
    return { cpuPct: 3.5, load1: 0.1, memUsedPct: 41, diskUsedPct: 22, tempC: 47, uptimeS: 1234, uplinkLatencyMs: null };
  }
}

export function camera(cameraId: string, onvif = true): CameraTarget {
  return {
    cameraId,
    make: 'Hikvision',
    model: 'DS-2CD1023',
    firmware: null,
    rtspUrl: `rtsp://admin:secret@127.0.0.1:8554/${cameraId}`,
    onvifUrl: onvif ? 'http://127.0.0.1:8080/onvif/device_service' : null,
    username: 'admin',
    password: 'secret',
    snapshotUrl: null,
  };
}
