import { afterEach, describe, expect, it, vi } from 'vitest';
import jpeg from 'jpeg-js';
import { compileValidator, PictureInfo, StreamInfo, CAUSE_SEVERITY } from '@camwatch/config';
import { FaultModel, type CameraCondition } from '../src/simulator/fault-model.ts';
import { expectedCameraFaultShare, NONE_PROFILE, PICTURE_FAULTS, REALISTIC_PROFILE } from '../src/simulator/fault-profile.ts';
import { referenceHashOf, verdictFor } from '../src/simulator/camera-verdicts.ts';
import { pictureVariant, renderSnapshot, SNAPSHOT_HEIGHT, SNAPSHOT_WIDTH, variantBarcode } from '../src/simulator/snapshot-image.ts';
import { SimCameraProber } from '../src/simulator/sim-camera-prober.ts';
import { startStaggered } from '../src/simulator/staggered-start.ts';
import { ConnectWindow } from '../src/simulator/connect-window.ts';

const HOUR = 3_600_000;
const cameraIds = Array.from({ length: 4000 }, (_, i) => `LA-${String(i >> 2).padStart(5, '0')}-C${(i & 3) + 1}`);
const stationIds = Array.from({ length: 1000 }, (_, i) => `LA-${String(i).padStart(5, '0')}`);

function schedule(seed: number): string[] {
  const model = new FaultModel(seed, REALISTIC_PROFILE);
  const out: string[] = [];
  for (let t = 0; t <= 48 * HOUR; t += HOUR) {
    for (const id of cameraIds.slice(0, 400)) out.push(JSON.stringify(model.camera(id, t)));
    for (const id of stationIds.slice(0, 100))
      out.push(`${model.station(id, 'power', t)}/${model.station(id, 'uplink', t)}/${model.clockSkewMs(id)}`);
  }
  return out;
}

describe('seeded fault model', () => {
  it('replays the same schedule for the same seed and a different one for another seed', () => {
    const a = schedule(42);
    expect(schedule(42)).toEqual(a);
    const b = schedule(43);
    expect(b).not.toEqual(a);
    expect(a.filter((s) => s.includes('"dead"')).length).toBeGreaterThan(0);
  });

  it('realistic profile keeps 3–5 % of cameras not ok and a few stations offline at any time', () => {
    const model = new FaultModel(7, REALISTIC_PROFILE);
    const expected = expectedCameraFaultShare(REALISTIC_PROFILE);
    expect(expected).toBeGreaterThan(0.03);
    expect(expected).toBeLessThan(0.05);
    for (const t of [0, 6 * HOUR, 30 * HOUR]) {
      const notOk = cameraIds.filter((id) => model.camera(id, t).kind !== 'ok').length / cameraIds.length;
      expect(notOk).toBeGreaterThan(0.025);
      expect(notOk).toBeLessThan(0.06);
      const powerless = stationIds.filter((id) => model.station(id, 'power', t)).length;
      expect(powerless).toBeGreaterThan(0);
      expect(powerless).toBeLessThan(30);
    }
    const skewed = stationIds.map((id) => model.clockSkewMs(id)).filter((s) => s !== 0);
    expect(skewed.length).toBeGreaterThan(10);
    expect(skewed.length).toBeLessThan(60);
    expect(skewed.every((s) => Math.abs(s) >= 30_000 && Math.abs(s) <= 15 * 60_000)).toBe(true);
  });

  it('none profile never faults by itself; scripted faults win and restore returns to the schedule', () => {
    const model = new FaultModel(1, NONE_PROFILE);
    expect(cameraIds.every((id) => model.camera(id, 5 * HOUR).kind === 'ok')).toBe(true);
    model.scriptCamera('CAM-1', { kind: 'dead' }, 1000);
    expect(model.camera('CAM-1', 2000)).toEqual({ kind: 'dead' });
    model.restoreCamera('CAM-1', 3000);
    expect(model.camera('CAM-1', 3001)).toEqual({ kind: 'ok' });
    model.scriptCamera('CAM-2', { kind: 'flapping', periodMs: 1000, since: 0 }, 0);
    const flaps = [0, 500, 1000, 1500, 2000, 2500].map((t) => model.camera('CAM-2', t).kind);
    expect(flaps).toEqual(['dead', 'dead', 'ok', 'ok', 'dead', 'dead']);
    model.scriptStation('ST-1', 'uplink', true, 0, 5000);
    expect(model.station('ST-1', 'uplink', 4999)).toBe(true);
    expect(model.station('ST-1', 'uplink', 5000)).toBe(false);
    model.scriptStation('ST-1', 'power', true, 0);
    expect(model.station('ST-1', 'power', 1e9)).toBe(true);
    model.scriptStation('ST-1', 'power', false, 1e9);
    expect(model.station('ST-1', 'power', 1e9 + 1)).toBe(false);
  });

  it('restoring a camera in a scheduled fault keeps it ok until that episode would have ended', () => {
    const model = new FaultModel(99, REALISTIC_PROFILE);
    const id = cameraIds.find((c) => model.camera(c, HOUR).kind === 'dead');
    expect(id).toBeDefined();
    model.restoreCamera(id!, HOUR);
    expect(model.camera(id!, HOUR + 1000).kind).toBe('ok');
  });
});

describe('simulated verdicts', () => {
  const streamValid = compileValidator(StreamInfo);
  const pictureValid = compileValidator(PictureInfo);
  const ref = referenceHashOf('CAM-9');

  it('maps each picture fault to its cause on deep probes, with evidence that validates', () => {
    const seen = new Map<string, string>();
    for (const fault of PICTURE_FAULTS) {
      const v = verdictFor('CAM-9', { kind: 'picture', fault }, true, 1000, ref);
      expect(v.cause).not.toBeNull();
      expect(v.status).toBe(CAUSE_SEVERITY[v.cause!]);
      expect(streamValid.issues(v.stream)).toEqual([]);
      expect(pictureValid.issues(v.picture)).toEqual([]);
      seen.set(fault, v.cause!);
    }
    expect(Object.fromEntries(seen)).toEqual({
      frozen: 'frozen',
      black: 'black',
      blurred: 'blurred',
      covered: 'covered',
      turned: 'view_changed',
      low_fps: 'low_fps',
    });
    const turned = verdictFor('CAM-9', { kind: 'picture', fault: 'turned' }, true, 1000, ref);
    expect(turned.picture?.viewDistance).toBeGreaterThanOrEqual(22);
    expect(verdictFor('CAM-9', { kind: 'ok' }, true, 1000, ref).picture?.viewDistance).toBe(0);
  });

  it('dead cameras are down/unreachable; basic probes see picture faults only once a deep probe found them', async () => {
    const faults = new FaultModel(1, NONE_PROFILE);
    const prober = new SimCameraProber(faults, () => 1000);
    const target = {
      cameraId: 'CAM-9',
      make: 'Hikvision',
      model: 'DS-2CD',
      firmware: null,
      rtspUrl: null,
      onvifUrl: null,
      username: null,
      password: null,
      snapshotUrl: null,
    };
    const ctx = { signal: new AbortController().signal, timeoutMs: 1000, referenceHash: null };
    faults.scriptCamera('CAM-9', { kind: 'dead' }, 0);
    expect(await prober.probe(target, ctx, false)).toMatchObject({ status: 'down', cause: 'unreachable', stream: null });
    await expect(prober.snapshot(target, ctx)).rejects.toThrow(/unreachable/);
    faults.scriptCamera('CAM-9', { kind: 'picture', fault: 'frozen' }, 0);
    expect(await prober.probe(target, ctx, false)).toMatchObject({ status: 'ok', cause: null, picture: null });
    expect(await prober.probe(target, ctx, true)).toMatchObject({ status: 'down', cause: 'frozen' });
    expect(await prober.probe(target, ctx, false)).toMatchObject({ status: 'down', cause: 'frozen', picture: null });
    await prober.reboot(target, ctx);
    expect(await prober.probe(target, ctx, false)).toMatchObject({ status: 'ok', cause: null });
    faults.scriptCamera('CAM-9', { kind: 'picture', fault: 'low_fps' }, 0);
    expect(await prober.probe(target, ctx, false)).toMatchObject({ status: 'degraded', cause: 'low_fps' });
  });
});

describe('generated snapshots', () => {
  const decode = (buf: Buffer) => jpeg.decode(buf, { useTArray: true });
  const luma = (img: { data: Uint8Array }) => {
    let sum = 0;
    let sq = 0;
    const n = img.data.length / 4;
    for (let i = 0; i < img.data.length; i += 4) {
      const y = 0.299 * img.data[i]! + 0.587 * img.data[i + 1]! + 0.114 * img.data[i + 2]!;
      sum += y;
      sq += y * y;
    }
    return { mean: sum / n, variance: sq / n - (sum / n) ** 2 };
  };
  const render = (condition: CameraCondition, t = 0) => renderSnapshot('LA-00042-C3', condition, t);

  /** The JPEG comment segments (COM, 0xFFFE) of a JPEG, as text. */
  const comments = (buf: Buffer) => {
    const out: string[] = [];
    for (let i = 2; i + 4 <= buf.length && buf[i] === 0xff && buf[i + 1] !== 0xda; i += 2 + buf.readUInt16BE(i + 2)) {
      if (buf[i + 1] === 0xfe) out.push(buf.subarray(i + 4, i + 2 + buf.readUInt16BE(i + 2)).toString('utf8'));
    }
    return out;
  };

  it("draws its picture's barcode, which reads back, and carries the camera id in a JPEG comment", () => {
    const buf = render({ kind: 'ok' });
    const img = decode(buf);
    expect([img.width, img.height]).toEqual([SNAPSHOT_WIDTH, SNAPSHOT_HEIGHT]);
    let bits = 0;
    for (let bit = 0; bit < 32; bit++) {
      const i = ((SNAPSHOT_HEIGHT - 6) * SNAPSHOT_WIDTH + 16 + bit * 4 + 2) * 4;
      if (img.data[i]! > 128) bits |= 1 << bit;
    }
    expect(bits >>> 0).toBe(variantBarcode(pictureVariant('LA-00042-C3')));
    expect(comments(buf)).toEqual(['LA-00042-C3']);
  });

  it('cameras sharing a picture send the same pixels in different bytes (the hub stores by content hash)', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `LA-${String(i).padStart(5, '0')}-C1`);
    const [a, b] = ids.filter((id) => pictureVariant(id) === pictureVariant(ids[0]!));
    const [pa, pb] = [renderSnapshot(a!, { kind: 'ok' }, 0), renderSnapshot(b!, { kind: 'ok' }, 0)];
    expect(pa.equals(pb)).toBe(false);
    expect(Buffer.from(decode(pa).data).equals(Buffer.from(decode(pb).data))).toBe(true);
    // Every camera of the fleet: the same picture again is the same bytes (a frozen camera repeats itself).
    expect(renderSnapshot(a!, { kind: 'ok' }, 0).equals(pa)).toBe(true);
    expect(new Set(ids.map(pictureVariant)).size).toBeGreaterThan(50);
  });

  it('live pictures change over time, frozen ones repeat, faults look like the fault', () => {
    expect(render({ kind: 'ok' }, 0).equals(render({ kind: 'ok' }, 60_000))).toBe(false);
    const frozen = { kind: 'picture', fault: 'frozen' } as const;
    expect(render(frozen, 0).equals(render(frozen, 60_000))).toBe(true);
    const ok = luma(decode(render({ kind: 'ok' })));
    const black = luma(decode(render({ kind: 'picture', fault: 'black' })));
    const covered = luma(decode(render({ kind: 'picture', fault: 'covered' })));
    expect(black.mean).toBeLessThan(16);
    expect(covered.mean).toBeGreaterThan(30);
    expect(covered.variance).toBeLessThan(60);
    expect(ok.variance).toBeGreaterThan(200);
    const turned = render({ kind: 'picture', fault: 'turned' });
    const blurred = render({ kind: 'picture', fault: 'blurred' });
    expect(new Set([render({ kind: 'ok' }), turned, blurred].map((b) => b.toString('base64'))).size).toBe(3);
  });
});

describe('staggered start-up', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('boots at a steady pace, a late step its usual share, and nothing after a stall (never a burst)', async () => {
    vi.useFakeTimers();
    let clock = 0;
    const started: string[] = [];
    const items = Array.from({ length: 100 }, (_, i) => `ST-${i}`);
    const run = startStaggered(
      items,
      1000,
      (id) => started.push(id),
      () => clock,
    );
    expect(started).toHaveLength(5);
    const tick = (ms: number) => {
      clock += ms;
      vi.advanceTimersByTime(ms);
    };
    tick(50);
    tick(50);
    expect(started).toHaveLength(15);
    // A step 600 ms late (a busy machine) boots its usual share, no more: the pace slows, nothing bursts.
    clock += 600;
    vi.advanceTimersByTime(50);
    expect(started).toHaveLength(20);
    // The process stalls for 3 s: the next step fires late and boots nothing.
    clock += 3000;
    vi.advanceTimersByTime(50);
    expect(started).toHaveLength(20);
    tick(50);
    expect(started).toHaveLength(25);
    for (let i = 0; i < 20; i++) tick(50);
    await run.done;
    expect(started).toEqual(items);
  });

  it('with a connect window, boots only as many as leave the window full, as fast as they connect', async () => {
    vi.useFakeTimers();
    const started: string[] = [];
    let connectedCount = 0;
    const items = Array.from({ length: 50 }, (_, i) => `ST-${i}`);
    // No pace of its own (spread 0): only the window holds it back.
    const run = startStaggered(items, 0, (id) => started.push(id), undefined, {
      waiting: () => started.length - connectedCount,
      max: 8,
    });
    expect(started).toHaveLength(8);
    vi.advanceTimersByTime(50);
    expect(started).toHaveLength(8);
    connectedCount = 5;
    vi.advanceTimersByTime(50);
    expect(started).toHaveLength(13);
    connectedCount = 13;
    for (let i = 0; i < 10 && started.length < 50; i++) {
      vi.advanceTimersByTime(50);
      connectedCount = started.length;
    }
    await run.done;
    expect(started).toEqual(items);
  });
});

describe('connect window', () => {
  it('counts booted stations until they connect, lose power or uplink, or wait past the give-up time', () => {
    let clock = 0;
    const runners = new Map<string, { running: boolean; uplinkUp: boolean; connected: boolean }>(
      ['A', 'B', 'C', 'D'].map((id) => [id, { running: true, uplinkUp: true, connected: false }]),
    );
    const window = new ConnectWindow(runners, 1000, () => clock);
    for (const id of runners.keys()) window.booted(id);
    expect(window.waiting()).toBe(4);
    runners.get('A')!.connected = true;
    runners.get('B')!.running = false;
    runners.get('C')!.uplinkUp = false;
    expect(window.waiting()).toBe(1);
    clock = 999;
    expect(window.waiting()).toBe(1);
    clock = 1001;
    expect(window.waiting()).toBe(0);
  });
});
