import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeJson, encodeMessage, stationPublishFilter, topicFor, type Command } from '@camwatch/config';
import { MosquittoServer, RtspTestServer } from '@camwatch/testkit';
import { runAgent, type RunningAgent } from '../src/runtime/run-agent.ts';
import { MqttRecorder, waitUntil } from './helpers/mqtt-recorder.ts';

const STATION = 'ST-RELOAD';
const CAMERA = `${STATION}-C1`;
const broker = new MosquittoServer();
const rtsp = new RtspTestServer();
const dir = mkdtempSync(join(tmpdir(), 'camwatch-reload-'));
const file = join(dir, 'agent.yaml');
let recorder: MqttRecorder;
let agent: RunningAgent;

/** The agent's file; `extra` lines are appended (sections the test changes). */
function writeConfig(extra: string[], brokerUrl = broker.url): void {
  const lines = [
    'version: 1',
    `stationId: ${STATION}`,
    'mqtt:',
    `  url: ${brokerUrl}`,
    'cameras:',
    `  - cameraId: ${CAMERA}`,
    `    rtspUrl: ${rtsp.url('ok')}`,
    'intervals:',
    '  probeMs: 3600000',
    'outbox:',
    `  dir: ${join(dir, 'state')}`,
    'log:',
    '  level: error',
    ...extra,
    '',
  ];
  writeFileSync(file, lines.join('\n'));
}

async function command(kind: Command['kind']) {
  const c: Command = { commandId: randomUUID(), kind, cameraId: null, issuedAt: Date.now(), expiresAt: Date.now() + 60_000 };
  await recorder.client.publishAsync(topicFor('command', { stationId: STATION }), encodeMessage('command', c), { qos: 1 });
  await waitUntil(`reply to ${kind}`, () => recorder.of('commandReply').some((m) => m.json.commandId === c.commandId), 45_000);
  const reply = decodeJson('commandReply', recorder.of('commandReply').find((m) => m.json.commandId === c.commandId)!.body);
  if (!reply.ok) throw new Error('reply does not match the contract');
  return reply.value;
}

const lastStatus = () => decodeJson('cameraStatus', recorder.of('cameraStatus').at(-1)!.body);
const lastBirthHash = () => recorder.of('birth').at(-1)!.json.configHash as string;

beforeAll(async () => {
  await Promise.all([broker.start(), rtsp.start()]);
  recorder = await MqttRecorder.open(broker.url, stationPublishFilter(STATION), 'test-hub-reload');
  writeConfig([]);
  agent = runAgent(file, {});
  await waitUntil('the first camera status', () => recorder.of('cameraStatus').length > 0, 45_000);
});
afterAll(async () => {
  await agent?.stop();
  await recorder?.close();
  await rtsp.stop();
  await broker.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('a reload that changes a threshold takes effect: the next probe judges the same stream by it', async () => {
  const before = lastStatus();
  expect(before.ok && [before.value.status, before.value.cause]).toEqual(['ok', null]);
  const hash = lastBirthHash();

  // The test camera sends 10 fps: below a minimum of 20 it is a low-fps camera.
  writeConfig(['thresholds:', '  lowFpsMin: 20']);
  expect(await command('reload_config')).toMatchObject({ ok: true });
  await waitUntil('a birth with the new hash', () => lastBirthHash() !== hash);
  const seen = recorder.of('cameraStatus').length;
  await command('reprobe');
  await waitUntil('the status after the reload', () => recorder.of('cameraStatus').length > seen, 45_000);
  const after = lastStatus();
  expect(after.ok && [after.value.status, after.value.cause]).toEqual(['degraded', 'low_fps']);
});

it('a reload that changes what needs a restart (the broker) is refused with the reason; hash and settings stay', async () => {
  const hash = lastBirthHash();
  const births = recorder.of('birth').length;
  writeConfig(['thresholds:', '  lowFpsMin: 1'], 'mqtt://127.0.0.1:1');
  const reply = await command('reload_config');
  expect(reply.ok).toBe(false);
  expect(reply.message).toMatch(/mqtt changed, which takes effect only when the agent restarts/);
  // Nothing of the refused file was applied: the threshold of the previous reload still judges.
  expect((await command('reprobe')).message).toBe(`${CAMERA}: degraded (low_fps)`);
  expect(recorder.of('birth').length).toBe(births);
  expect(lastBirthHash()).toBe(hash);
});
