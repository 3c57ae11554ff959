import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeJson, decodeSnapshotFrame, encodeMessage, topicFor, type Command } from '@camwatch/config';
import type { AgentCore } from '../src/core/agent-core-types.ts';
import { camera, FakeProber } from './helpers/fake-parts.ts';
import { waitUntil, type MqttRecorder } from './helpers/mqtt-recorder.ts';
import { startRecordedCore, type RecordedCore } from './helpers/recorded-core.ts';

const STATION = 'ST-CMD';
const prober = new FakeProber();
let rig: RecordedCore;
let recorder: MqttRecorder;
let core: AgentCore;
let reloads = 0;

beforeAll(async () => {
  rig = await startRecordedCore(STATION, {
    prober,
    cameras: [camera('CMD-C1'), camera('CMD-C2', false)],
    intervals: { healthMs: 1_000, probeMs: 1_000, statusRefreshMs: 600_000, snapshotMs: 600_000 },
    agentVersion: 'cmd-test',
    reloadConfig: async () => {
      reloads++;
      return { cameras: [camera('CMD-C1'), camera('CMD-C2', false), camera('CMD-C3')] };
    },
  });
  ({ recorder, core } = rig);
});
afterAll(() => rig?.stop());

async function send(kind: Command['kind'], cameraId: string | null, expiresIn = 60_000) {
  const command: Command = { commandId: randomUUID(), kind, cameraId, issuedAt: Date.now(), expiresAt: Date.now() + expiresIn };
  await recorder.client.publishAsync(topicFor('command', { stationId: STATION }), encodeMessage('command', command), { qos: 1 });
  await waitUntil(`reply to ${kind}`, () => recorder.of('commandReply').some((m) => m.json.commandId === command.commandId));
  const reply = decodeJson('commandReply', recorder.of('commandReply').find((m) => m.json.commandId === command.commandId)!.body);
  if (!reply.ok) throw new Error('reply does not match the contract');
  return reply.value;
}

it('publishes a birth and data that match the contract, with the socket bytes counted in health', async () => {
  await waitUntil('two health samples', () => recorder.of('health').length >= 2);
  const birth = decodeJson('birth', recorder.of('birth')[0]!.body);
  expect(birth.ok && birth.value.cameras.map((c) => [c.cameraId, c.onvif])).toEqual([
    ['CMD-C1', true],
    ['CMD-C2', false],
  ]);
  expect(JSON.stringify(recorder.of('birth')[0]!.json)).not.toContain('secret');
  for (const m of recorder.data()) expect(m.kind === 'snapshot' || decodeJson(m.kind as 'health', m.body).ok).toBe(true);
  const last = decodeJson('health', recorder.of('health').at(-1)!.body);
  expect(last.ok && last.value.bytesSentToday).toBeGreaterThan(200);
});

it('reports camera status by exception: once per change, not on every probe', async () => {
  await waitUntil('three probe rounds', () => prober.probes.filter((p) => p.cameraId === 'CMD-C1').length >= 3);
  expect(recorder.of('cameraStatus').filter((m) => m.json.cameraId === 'CMD-C1')).toHaveLength(1);
  prober.verdicts.set('CMD-C1', { status: 'down', cause: 'unreachable', detail: 'connect ECONNREFUSED', stream: null, picture: null });
  await waitUntil('the change', () => recorder.of('cameraStatus').some((m) => m.json.cameraId === 'CMD-C1' && m.json.status === 'down'));
  const probesAtChange = prober.probes.length;
  await waitUntil('two more probes', () => prober.probes.length >= probesAtChange + 4);
  expect(
    recorder
      .of('cameraStatus')
      .filter((m) => m.json.cameraId === 'CMD-C1')
      .map((m) => [m.json.status, m.json.cause]),
  ).toEqual([
    ['ok', null],
    ['down', 'unreachable'],
  ]);
  prober.verdicts.delete('CMD-C1');
});

it('answers every command with a reply and refuses expired, unknown-camera and unsupported ones', async () => {
  const snap = await send('snapshot', 'CMD-C1');
  expect(snap).toMatchObject({ ok: true, message: '1/1 snapshots queued' });
  await waitUntil('the snapshot', () => recorder.of('snapshot').some((m) => m.json.trigger === 'command'));
  const frame = decodeSnapshotFrame(recorder.of('snapshot').find((m) => m.json.trigger === 'command')!.body, 512_000);
  expect(frame.ok && frame.value.meta.cameraId).toBe('CMD-C1');

  expect(await send('reprobe', null)).toMatchObject({ ok: true, message: 'CMD-C1: ok; CMD-C2: ok' });
  expect(await send('reboot_camera', 'CMD-C1')).toMatchObject({ ok: true });
  expect(prober.reboots).toEqual(['CMD-C1']);
  expect(await send('reboot_camera', 'CMD-C2')).toMatchObject({ ok: false, message: 'camera CMD-C2 has no ONVIF service to reboot' });
  expect(await send('snapshot', 'NOPE-1')).toMatchObject({ ok: false, message: 'camera NOPE-1 is not on this station' });
  expect(await send('rediscover', null)).toMatchObject({ ok: false, message: 'discovery is not enabled on this station' });
  expect((await send('snapshot', null, -1000)).message).toMatch(/^expired at/);

  expect(await send('reload_config', null)).toMatchObject({ ok: true, message: 'configuration reloaded: 3 static cameras' });
  expect(reloads).toBe(1);
  expect(core.cameras().map((c) => c.cameraId)).toEqual(['CMD-C1', 'CMD-C2', 'CMD-C3']);
  await waitUntil('a birth with the new camera', () => recorder.of('birth').some((m) => (m.json.cameras as unknown[]).length === 3));
  expect(recorder.of('event').map((m) => m.json.kind)).toEqual(
    expect.arrayContaining(['agent_started', 'camera_rebooted', 'config_reloaded', 'reference_updated']),
  );
});

it('counts invalid commands by reason and keeps running', async () => {
  const topic = topicFor('command', { stationId: STATION });
  await recorder.client.publishAsync(topic, Buffer.from('not json'), { qos: 1 });
  await recorder.client.publishAsync(topic, Buffer.from(JSON.stringify({ commandId: 'x', kind: 'format_disk' })), { qos: 1 });
  await waitUntil(
    'both rejected',
    () => (core.stats().rejects.command_not_json ?? 0) === 1 && (core.stats().rejects.command_schema ?? 0) === 1,
  );
  expect(await send('reprobe', 'CMD-C2')).toMatchObject({ ok: true });
});

it('an uplink cut fills the outbox, restoring it replays the backlog', async () => {
  core.setLinkUp(false);
  await waitUntil('the cut', () => !core.stats().connected);
  await waitUntil('a backlog', () => core.stats().outbox.pending >= 2);
  const pendingWhileDown = core.stats().outbox.pending;
  const replayedBefore = core.stats().pump.sentReplay;
  core.setLinkUp(true);
  await waitUntil('drained', () => core.stats().connected && core.stats().outbox.pending === 0);
  expect(core.stats().pump.sentReplay - replayedBefore).toBeGreaterThanOrEqual(pendingWhileDown);
});
