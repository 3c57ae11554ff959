import { afterAll, expect, it } from 'vitest';
import type { CameraTarget, CameraVerdict, CheckContext } from '../src/core/ports.ts';
import { camera, FakeProber } from './helpers/fake-parts.ts';
import { waitUntil } from './helpers/mqtt-recorder.ts';
import { startRecordedCore, type RecordedCore } from './helpers/recorded-core.ts';

/** Holds every probe started while `gate` is set until it is released. */
class GatedProber extends FakeProber {
  gate: Promise<void> | null = null;
  override async probe(target: CameraTarget, ctx: CheckContext, deep: boolean): Promise<CameraVerdict> {
    const verdict = await super.probe(target, ctx, deep);
    if (this.gate) await this.gate;
    return verdict;
  }
}

let rig: RecordedCore | undefined;
afterAll(() => rig?.stop());

it('a reprobe that arrives while a basic probe runs still gets the deep (picture) check', async () => {
  const prober = new GatedProber();
  // A picture, so the first deep probe counts as the picture check done and later ones are basic.
  prober.verdicts.set('RP-C1', {
    status: 'ok',
    cause: null,
    detail: 'all checks passed',
    stream: { codec: 'h264', width: 1280, height: 720, fps: 25, bitrateKbps: 1500 },
    picture: { frozen: false, blackRatio: 0, brightness: 120, variance: 2000, sharpness: 900, viewDistance: null },
  });
  rig = await startRecordedCore('ST-REPROBE', {
    prober,
    cameras: [camera('RP-C1')],
    intervals: { probeMs: 1000, pictureCheckMs: 3_600_000, healthMs: 600_000, statusRefreshMs: 600_000, snapshotMs: 600_000 },
    agentVersion: 'reprobe-test',
  });
  await waitUntil('the first probe (deep: no picture check yet)', () => prober.probes.length >= 1);
  expect(prober.probes[0]!.deep).toBe(true);
  let release!: () => void;
  prober.gate = new Promise((r) => (release = r));
  await waitUntil('a scheduled basic probe, held', () => prober.probes.length >= 2);
  expect(prober.probes[1]!.deep).toBe(false);

  const reprobe = rig.core.probeNow('RP-C1'); // what the hub's reprobe command runs
  prober.gate = null;
  release();
  await reprobe;
  expect(prober.probes.slice(2).map((p) => p.deep)).toContain(true);
});
