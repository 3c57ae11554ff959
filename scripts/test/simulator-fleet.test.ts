import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MosquittoServer } from '@camwatch/testkit';
import { runFleet, type SimulatedFleet } from '../src/simulator/fleet-runner.ts';
import { Recorder, seqCounts, waitFor } from './simulator-helpers.ts';

const FAST = { healthMs: 1000, probeMs: 1000, pictureCheckMs: 1000, statusRefreshMs: 3000, snapshotMs: 2000 };

describe('fleet simulator on a real Mosquitto', () => {
  let broker: MosquittoServer;
  let dir: string;
  let recorder: Recorder;
  let fleet: SimulatedFleet;

  beforeAll(async () => {
    broker = await new MosquittoServer().start();
    dir = await mkdtemp(join(tmpdir(), 'camwatch-sim-'));
    recorder = await Recorder.start(broker.url);
    fleet = runFleet({
      cameras: 12,
      seed: 5,
      mqttUrl: broker.url,
      outboxPath: join(dir, 'outbox.sqlite'),
      faults: 'none',
      intervals: FAST,
      keepaliveS: 5,
      reconnectMinMs: 200,
      reconnectMaxMs: 1000,
      // The power-cut test expects the Last Will at once; the will delay has its own test (edge-agent mqtt-will-delay).
      willDelayS: 0,
      faultTickMs: 200,
    });
    await fleet.started;
  });

  afterAll(async () => {
    await fleet?.stop();
    await recorder?.stop();
    await broker?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('every station speaks the contracts: birth, online state, health, statuses, snapshots, all valid', async () => {
    const ids = fleet.stationIds;
    expect(ids.length).toBe(5);
    expect(fleet.stats().cameras).toBe(12);
    await waitFor('health and snapshots from every station', () =>
      ids.every((id) => recorder.of('health', id).length >= 2 && recorder.of('snapshot', id).length >= 1),
    );
    expect(recorder.invalid).toEqual([]);
    for (const id of ids) {
      expect(recorder.of('birth', id).at(-1)?.payload.bootId).toBe(fleet.bootId(id));
      expect(recorder.of('state', id).at(-1)?.payload.state).toBe('online');
      const cams = new Set(recorder.of('cameraStatus', id).map((m) => m.cameraId));
      expect(cams.size).toBe(fleet.inventory.cameras.filter((c) => c.stationId === id).length);
    }
    expect(recorder.of('cameraStatus').every((m) => m.payload.status === 'ok')).toBe(true);
    const stats = fleet.stats();
    expect(stats.connected).toBe(5);
    expect(stats.produced.health).toBeGreaterThanOrEqual(10);
    // Every data message the cores produced and the broker acknowledged reached the subscriber once.
    const counts = seqCounts(recorder.data());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('killCamera: that camera goes down/unreachable within a couple of intervals; restore brings it back', async () => {
    const camera = fleet.inventory.cameras[0]!;
    const since = Date.now();
    fleet.killCamera(camera.id);
    await waitFor(
      'status down',
      () => recorder.of('cameraStatus').some((m) => m.cameraId === camera.id && m.at >= since && m.payload.status === 'down'),
      4000,
    );
    const down = recorder.of('cameraStatus').find((m) => m.cameraId === camera.id && m.at >= since && m.payload.status === 'down')!;
    expect(down.payload.cause).toBe('unreachable');
    const others = recorder.of('cameraStatus').filter((m) => m.cameraId !== camera.id && m.at >= since);
    expect(others.every((m) => m.payload.status === 'ok')).toBe(true);
    fleet.restoreCamera(camera.id);
    const back = Date.now();
    await waitFor(
      'status ok again',
      () => recorder.of('cameraStatus').some((m) => m.cameraId === camera.id && m.at >= back && m.payload.status === 'ok'),
      4000,
    );
  });

  it('picture faults arrive with their cause: frozen, covered, turned away', async () => {
    const [a, b, c] = fleet.inventory.cameras.slice(4, 7);
    const since = Date.now();
    fleet.setPicture(a!.id, 'frozen');
    fleet.setPicture(b!.id, 'covered');
    fleet.setPicture(c!.id, 'turned');
    const causeOf = (id: string) =>
      recorder
        .of('cameraStatus')
        .filter((m) => m.cameraId === id && m.at >= since)
        .at(-1)?.payload.cause;
    await waitFor(
      'picture causes',
      () => causeOf(a!.id) === 'frozen' && causeOf(b!.id) === 'covered' && causeOf(c!.id) === 'view_changed',
      5000,
    );
    const status = (id: string) =>
      recorder
        .of('cameraStatus')
        .filter((m) => m.cameraId === id)
        .at(-1)?.payload;
    expect(status(c!.id)?.status).toBe('degraded');
    expect(status(c!.id)?.picture?.viewDistance).toBeGreaterThanOrEqual(22);
    for (const cam of [a, b, c]) fleet.setPicture(cam!.id, 'ok');
  });

  it('flapping: a camera alternates down and ok; clock skew shifts the timestamps of its station', async () => {
    const camera = fleet.inventory.cameras[8]!;
    const stationId = fleet.stationOf(camera.id);
    const since = Date.now();
    fleet.flapCamera(camera.id, 1500);
    fleet.setClockSkew(stationId, 600_000);
    const statuses = () =>
      recorder
        .of('cameraStatus')
        .filter((m) => m.cameraId === camera.id && m.at >= since)
        .map((m) => m.payload.status);
    const changes = () => statuses().filter((s, i, all) => i > 0 && s !== all[i - 1]).length;
    await waitFor('three status changes', () => changes() >= 3, 9000);
    expect(new Set(statuses())).toEqual(new Set(['down', 'ok']));
    fleet.restoreCamera(camera.id);
    const skewed = recorder.of('health', stationId).filter((m) => m.at >= since + 1500);
    expect(skewed.length).toBeGreaterThan(0);
    for (const m of skewed) expect(m.payload.ts - m.at).toBeGreaterThan(590_000);
    fleet.setClockSkew(stationId, 0);
  });

  it('power cut: the broker publishes the retained offline Last Will; power back boots a new boot id', async () => {
    const stationId = fleet.stationIds[1]!;
    const oldBoot = fleet.bootId(stationId)!;
    const since = Date.now();
    fleet.powerCut(stationId);
    expect(fleet.bootId(stationId)).toBeNull();
    await waitFor('Last Will', () => recorder.of('state', stationId).some((m) => m.at >= since && m.payload.state === 'offline'));
    const will = recorder.of('state', stationId).find((m) => m.at >= since && m.payload.state === 'offline')!;
    expect(will.payload.bootId).toBe(oldBoot);
    // A late subscriber sees the station as offline: the will is retained.
    const late = await Recorder.start(broker.url);
    await waitFor('retained state', () => late.of('state', stationId).length > 0, 3000);
    expect(late.of('state', stationId)[0]!.retained).toBe(true);
    expect(late.of('state', stationId)[0]!.payload.state).toBe('offline');
    await late.stop();
    fleet.restorePower(stationId);
    const newBoot = fleet.bootId(stationId);
    expect(newBoot).not.toBeNull();
    expect(newBoot).not.toBe(oldBoot);
    await waitFor('birth of the new boot', () => recorder.of('birth', stationId).some((m) => m.payload.bootId === newBoot));
    await waitFor('online again', () => recorder.of('state', stationId).at(-1)?.payload.state === 'online');
    // Outbox records leave after their group commit (up to 200 ms), so the event may follow the retained state.
    await waitFor('agent_started of the new boot', () =>
      recorder.of('event', stationId).some((m) => m.payload.bootId === newBoot && m.payload.kind === 'agent_started'),
    );
  });

  it('uplink cut: what the agent produced meanwhile arrives afterwards, marked replay, each (bootId, seq) once', async () => {
    const stationId = fleet.stationIds[2]!;
    const boot = fleet.bootId(stationId)!;
    const producedBefore = fleet.stats({ perStation: true }).producedByStation![stationId]!;
    const cutAt = Date.now();
    fleet.cutUplink(stationId, 2500);
    await new Promise((r) => setTimeout(r, 2500));
    const restoredAt = Date.now();
    const producedDuring = fleet.stats({ perStation: true }).producedByStation![stationId]!;
    expect(producedDuring.health - producedBefore.health).toBeGreaterThanOrEqual(1);
    await waitFor('replayed messages', () => recorder.data(stationId).some((m) => m.payload.replay === true && m.at >= restoredAt), 6000);
    await waitFor(
      'outbox drained',
      () => recorder.data(stationId).filter((m) => m.payload.bootId === boot && (m.payload.ts as number) >= cutAt).length >= 3,
    );
    const mine = recorder.data(stationId).filter((m) => m.payload.bootId === boot);
    const producedInCut = mine.filter((m) => (m.payload.ts as number) >= cutAt + 50 && (m.payload.ts as number) < restoredAt - 50);
    expect(producedInCut.length).toBeGreaterThanOrEqual(2);
    expect(producedInCut.every((m) => m.payload.replay === true && m.at >= restoredAt)).toBe(true);
    // Nothing lost and nothing doubled: the sequence of this boot is complete and unique up to the last seen.
    const counts = seqCounts(mine.filter((m) => (m.payload.ts as number) >= cutAt));
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const seqs = mine.map((m) => m.payload.seq as number).sort((x, y) => x - y);
    const max = seqs.at(-1)!;
    expect(new Set(seqs).size).toBe(max);
    expect(fleet.stats().transitions.uplinkCuts).toBeGreaterThanOrEqual(1);
  });
});
