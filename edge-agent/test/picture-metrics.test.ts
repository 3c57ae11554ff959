import { describe, expect, it } from 'vitest';
import { cameraIdFor } from '../src/onvif/onvif-discovery.ts';
import { parseDetectLog } from '../src/picture/detect-log-parser.ts';
import { dHash, hammingDistance } from '../src/picture/dhash.ts';
import { laplacianVariance, lumaStats, median } from '../src/picture/frame-metrics.ts';
import { grayFrame, type GrayFrame } from '../src/picture/gray-frame.ts';
import { analysisSize } from '../src/picture/picture-sampler.ts';
import { DEFAULT_PICTURE_THRESHOLDS, resolvePictureThresholds } from '../src/picture/picture-thresholds.ts';
import type { CheckFinding, ProbeEvidence } from '../src/probe/checks/camera-check.ts';
import { parseFfprobeOutput } from '../src/probe/media/stream-probe.ts';
import { RejectedInputError } from '../src/probe/reject-counter.ts';
import { decideVerdict } from '../src/probe/verdict.ts';

const W = 64;
const H = 48;
const frame = (f: (x: number, y: number) => number): GrayFrame => {
  const d = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) d[y * W + x] = Math.max(0, Math.min(255, Math.round(f(x, y))));
  return grayFrame(W, H, d);
};
const bars = frame((x) => (Math.floor(x / 16) % 2 ? 200 : 40));
/** Box blur of radius r, the optics of a lens out of focus. */
const blur = (src: GrayFrame, r: number): GrayFrame =>
  frame((x, y) => {
    let s = 0;
    let n = 0;
    for (let dy = -r; dy <= r; dy++)
      for (let dx = -r; dx <= r; dx++) {
        const xx = Math.min(W - 1, Math.max(0, x + dx));
        const yy = Math.min(H - 1, Math.max(0, y + dy));
        s += src.data[yy * W + xx]!;
        n++;
      }
    return s / n;
  });

describe('picture metrics', () => {
  it('measures brightness and variance', () => {
    expect(lumaStats(frame(() => 58))).toEqual({ mean: 58, variance: 0 });
    const s = lumaStats(bars);
    expect(s.mean).toBe(120);
    expect(s.variance).toBe(6400);
  });

  it('finds sharp edges sharp and the same scene out of focus blurred', () => {
    const sharp = laplacianVariance(bars);
    const soft = laplacianVariance(blur(bars, 5));
    expect(sharp).toBeGreaterThan(DEFAULT_PICTURE_THRESHOLDS.blurLaplacianMin * 10);
    expect(soft).toBeLessThan(DEFAULT_PICTURE_THRESHOLDS.blurLaplacianMin);
    expect(laplacianVariance(frame(() => 90))).toBe(0);
  });

  it('hashes the same view alike and another view far apart', () => {
    const gradient = frame((x, y) => 255 - x * 3 - y);
    const noisy = frame((x, y) => 255 - x * 3 - y + ((x * 7 + y * 13) % 5) - 2);
    const mirrored = frame((x, y) => x * 3 + y);
    expect(dHash(gradient)).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingDistance(dHash(gradient), dHash(noisy))).toBeLessThan(4);
    expect(hammingDistance(dHash(gradient), dHash(mirrored))).toBeGreaterThanOrEqual(DEFAULT_PICTURE_THRESHOLDS.viewChangedHammingMin);
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(() => hammingDistance('xyz', '00')).toThrow(RangeError);
  });

  it('takes the median so one odd frame does not decide', () => {
    expect(median([5, 1, 1000, 3, 4])).toBe(4);
    expect(median([2, 4])).toBe(3);
  });

  it('sizes analysis frames 320 wide at most, aspect kept, even', () => {
    expect(analysisSize(1920, 1080)).toEqual({ width: 320, height: 180 });
    expect(analysisSize(2560, 1920)).toEqual({ width: 320, height: 240 });
    expect(analysisSize(176, 144)).toEqual({ width: 176, height: 144 });
  });
});

describe('detector logs, ffprobe output and thresholds', () => {
  it('reads ffmpeg freezedetect and blackdetect output', () => {
    const log = [
      '[freezedetect @ 0x55] lavfi.freezedetect.freeze_start: 0.4',
      '[freezedetect @ 0x55] lavfi.freezedetect.freeze_duration: 1.5',
      '[freezedetect @ 0x55] lavfi.freezedetect.freeze_end: 1.9',
      '[freezedetect @ 0x55] lavfi.freezedetect.freeze_start: 2.6',
      '[blackdetect @ 0x56] black_start:0 black_end:1.2 black_duration:1.2',
      '[blackdetect @ 0x56] black_start:2 black_end:3.9 black_duration:1.9',
      'frame=   40 fps= 10 q=-0.0 Lsize=N/A',
    ].join('\n');
    const parsed = parseDetectLog(log);
    expect(parsed).toMatchObject({ ongoingFreezeStart: 2.6, endedFreezeSeconds: 1.5 });
    expect(parsed.blackSeconds).toBeCloseTo(3.1, 9);
    expect(parseDetectLog('nothing here')).toEqual({ ongoingFreezeStart: null, endedFreezeSeconds: 0, blackSeconds: 0 });
  });

  it('measures fps and bitrate from packet timestamps, not from what the camera announces', () => {
    const packets = Array.from({ length: 21 }, (_, i) => ({ pts_time: (i * 0.125).toFixed(6), size: '5000' }));
    const info = parseFfprobeOutput(
      JSON.stringify({ streams: [{ codec_name: 'hevc', width: 2560, height: 1440, avg_frame_rate: '25/1' }], packets }),
    );
    expect(info).toEqual({ codec: 'hevc', width: 2560, height: 1440, fps: 8, bitrateKbps: 320 });
  });

  it('refuses ffprobe output it cannot trust', () => {
    expect(() => parseFfprobeOutput('garbage')).toThrow(RejectedInputError);
    expect(() => parseFfprobeOutput(JSON.stringify({ streams: [{ codec_name: 'h264', width: 99999, height: 10 }] }))).toThrow(
      RejectedInputError,
    );
    expect(() => parseFfprobeOutput(JSON.stringify({ streams: [] }))).toThrow(/no video stream/);
  });

  it('applies overrides and lists every bad one at once', () => {
    expect(resolvePictureThresholds({ blurLaplacianMin: 15 }).blurLaplacianMin).toBe(15);
    expect(() => resolvePictureThresholds({ blackMinRatio: 2, viewChangedHammingMin: 0 })).toThrow(/blackMinRatio.*viewChangedHammingMin/);
  });

  it('builds camera ids in the id alphabet', () => {
    expect(cameraIdFor('LA-BL-0042', 'DS-2CD/1023 G0', 'urn:uuid:x')).toBe('LA-BL-0042-DS-2CD1023G0');
    expect(cameraIdFor('ST1', null, 'urn:uuid:5f6d1a2e-0000-4000-8000-3c1e04a1b2c3')).toBe('ST1-3c1e04a1b2c3');
  });
});

describe('verdict', () => {
  const evidence = (stream: boolean): ProbeEvidence => ({
    reachable: true,
    streamUrl: null,
    snapshotUrl: null,
    picture: null,
    frameHash: null,
    pictureSummary: null,
    stream: stream ? { codec: 'h264', width: 320, height: 240, fps: 10, bitrateKbps: 300 } : null,
  });
  const f = (check: CheckFinding['check'], causes: CheckFinding['causes']): CheckFinding => ({
    check,
    outcome: causes.length ? 'fail' : 'pass',
    causes,
    detail: check,
    ms: 1,
  });

  it('takes the first cause in contract order within the worst severity', () => {
    expect(decideVerdict([f('tcp', []), f('stream', []), f('picture', ['blurred', 'frozen', 'covered'])], evidence(true))).toMatchObject({
      status: 'down',
      cause: 'covered',
    });
    expect(decideVerdict([f('onvif', ['onvif_failing']), f('picture', ['black'])], evidence(true))).toMatchObject({
      status: 'down',
      cause: 'black',
    });
    expect(decideVerdict([f('onvif', ['onvif_failing']), f('stream', ['low_fps'])], evidence(true))).toMatchObject({
      status: 'degraded',
      cause: 'onvif_failing',
    });
    expect(decideVerdict([f('onvif', ['onvif_failing']), f('stream', ['stream_failing'])], evidence(false))).toMatchObject({
      status: 'down',
      cause: 'onvif_failing',
    });
    expect(decideVerdict([f('tcp', []), f('stream', [])], evidence(true))).toMatchObject({
      status: 'ok',
      cause: null,
      detail: 'stream: stream',
    });
  });

  it('keeps the detail within the contract length', () => {
    const long: CheckFinding = { check: 'stream', outcome: 'fail', causes: ['stream_failing'], detail: 'x'.repeat(400), ms: 1 };
    expect(decideVerdict([long], evidence(false)).detail.length).toBe(256);
  });
});
