import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeJson, stationPublishFilter } from '@camwatch/config';
import { freePort, MosquittoServer, RtspTestServer } from '@camwatch/testkit';
import { killHard, spawnTsx } from './helpers/spawn-tsx.ts';
import { MqttRecorder, waitUntil } from './helpers/mqtt-recorder.ts';

const STATION = 'ST-MAIN';
const broker = new MosquittoServer();
const rtsp = new RtspTestServer();
const dir = mkdtempSync(join(tmpdir(), 'camwatch-main-'));
let recorder: MqttRecorder;
beforeAll(async () => {
  await Promise.all([broker.start(), rtsp.start()]);
  recorder = await MqttRecorder.open(broker.url, stationPublishFilter(STATION), 'test-hub-main');
});
afterAll(async () => {
  await recorder?.close();
  await rtsp.stop();
  await broker.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function run(configFile: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []) {
  const child = spawnTsx('edge-agent/src/main.ts', ['--config', configFile, ...extra], env);
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr, stdout: () => stdout };
}

it('refuses a bad configuration with every problem listed and exit code 2', async () => {
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, 'version: 1\nstationId: ST-MAIN\nmqtt:\n  url: ftp://x\ncamreas: []\n');
  const agent = run(file);
  expect(await agent.exited).toBe(2);
  expect(agent.stderr()).toMatch(/line 4: \/mqtt\/url/);
  expect(agent.stderr()).toMatch(/line 5: \/camreas: Unexpected property/);
});

it('runs from its YAML file with the real prober, reports the camera, and stops cleanly on SIGTERM', async () => {
  const file = join(dir, 'agent.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      `stationId: ${STATION}`,
      'mqtt:',
      `  url: ${broker.url}`,
      'cameras:',
      `  - cameraId: ${STATION}-C1`,
      `    rtspUrl: ${rtsp.url('ok')}`,
      '    make: GStreamer',
      'intervals:',
      '  healthMs: 1000',
      'outbox:',
      `  dir: ${join(dir, 'state')}`,
      'log:',
      '  level: warn',
      '',
    ].join('\n'),
  );
  const agent = run(file, { CAMWATCH_INTERVALS__PROBE_MS: '5000' });
  try {
    await waitUntil('the camera status', () => recorder.of('cameraStatus').length > 0, 45_000);
    const status = decodeJson('cameraStatus', recorder.of('cameraStatus')[0]!.body);
    expect(status.ok && [status.value.cameraId, status.value.status, status.value.stream?.codec]).toEqual([`${STATION}-C1`, 'ok', 'h264']);
    await waitUntil('health', () => recorder.of('health').length > 0, 10_000);
    const birth = decodeJson('birth', recorder.of('birth')[0]!.body);
    expect(birth.ok && birth.value.intervals).toEqual({ healthMs: 1000, probeMs: 5000, snapshotMs: 900_000 });
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    await waitUntil('retained offline', () => recorder.of('state').some((m) => m.json.state === 'offline'));
  } finally {
    await killHard(agent.child);
  }
});

it('--check prints the on-site report for each camera, saves snapshots and exits 1 when a camera is down', async () => {
  const file = join(dir, 'check.yaml');
  const dead = await freePort();
  writeFileSync(
    file,
    [
      'version: 1',
      'stationId: ST-CHECK',
      'mqtt:',
      '  url: mqtt://127.0.0.1:1',
      'cameras:',
      '  - cameraId: ST-CHECK-C1',
      `    rtspUrl: ${rtsp.url('ok')}`,
      '  - cameraId: ST-CHECK-C2',
      `    rtspUrl: rtsp://127.0.0.1:${dead}/nothing`,
      'outbox:',
      `  dir: ${join(dir, 'check-state')}`,
      '',
    ].join('\n'),
  );
  const check = run(file, {}, ['--check']);
  expect(await check.exited).toBe(1);
  const out = check.stdout();
  expect(out).toContain('ST-CHECK-C1');
  expect(out).toContain('ST-CHECK-C2');
  expect(out).toContain(join(dir, 'check-state', 'check'));
  expect(existsSync(join(dir, 'check-state', 'check', 'ST-CHECK-C1.jpg'))).toBe(true);
  expect(existsSync(join(dir, 'check-state', 'check', 'ST-CHECK-C2.jpg'))).toBe(false);
});
