import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { RtspTestServer } from '@camwatch/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CameraTarget, CheckContext } from '../src/core/ports.ts';
import { createRealProber } from '../src/probe/index.ts';

const USER = 'viewer';
// With a quote, which URLs leave as it is: the ffconcat script on stdin must quote it.
const PASSWORD = `pw'${randomBytes(9).toString('hex')}`;
const server = new RtspTestServer(null, { username: USER, password: PASSWORD });

beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});

/** Every process's arguments as any local user reads them (`ps`), with those that contain `secret`. */
function scanCmdlines(secret: string): { commands: string[]; leaks: string[] } {
  const commands: string[] = [];
  const leaks: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue; // exited between readdir and read
    }
    commands.push(cmdline);
    if (cmdline.includes(secret)) leaks.push(cmdline);
  }
  return { commands, leaks };
}

/** Scans /proc every few ms while `work` runs; returns the leaks and which media tools were seen running. */
async function watchWhile<T>(work: () => Promise<T>): Promise<{ result: T; leaks: Set<string>; seen: Set<string> }> {
  const leaks = new Set<string>();
  const seen = new Set<string>();
  const tick = () => {
    const scan = scanCmdlines(PASSWORD);
    for (const l of scan.leaks) leaks.add(l);
    for (const c of scan.commands) {
      const tool = /^(?:\S*\/)?(ffmpeg|ffprobe) /.exec(c)?.[1];
      if (tool) seen.add(tool);
    }
  };
  const timer = setInterval(tick, 5);
  try {
    const result = await work();
    return { result, leaks, seen };
  } finally {
    clearInterval(timer);
  }
}

const camera = (cameraId: string, extra: Partial<CameraTarget>): CameraTarget => ({
  cameraId,
  make: 'GStreamer',
  model: 'rtsp',
  firmware: null,
  rtspUrl: server.url('ok'),
  onvifUrl: null,
  username: null,
  password: null,
  snapshotUrl: null,
  ...extra,
});
const ctx = (): CheckContext => ({ signal: AbortSignal.timeout(60_000), timeoutMs: 20_000, referenceHash: null });

it('the scan sees a password in the arguments of a running process (the check below can fail)', async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)', `rtsp://${USER}:${PASSWORD}@127.0.0.1/ok`]);
  try {
    await new Promise((r) => child.once('spawn', r));
    expect(scanCmdlines(PASSWORD).leaks).toHaveLength(1);
  } finally {
    child.kill('SIGKILL');
  }
});

it('probes, picture checks and snapshots of a camera with digest auth keep its password out of every /proc/*/cmdline', async () => {
  const prober = createRealProber({ logger: pino({ level: 'silent' }), streamSampleSeconds: 1, frameSampleSeconds: 2, concurrency: 4 });
  const separate = camera('cam-separate', { username: USER, password: PASSWORD });
  const inline = camera('cam-inline', { rtspUrl: server.url('ok').replace('rtsp://', `rtsp://${USER}:${PASSWORD}@`) });
  const { result, leaks, seen } = await watchWhile(() =>
    Promise.all([
      prober.probe(separate, ctx(), true),
      prober.probe(inline, ctx(), true),
      prober.snapshot(separate, ctx()),
      prober.snapshot(inline, ctx()),
    ]),
  );
  const [a, b, shotA, shotB] = result;
  // Authentication worked (the server refuses anyone without the password) ...
  expect([a.status, a.cause, a.stream?.codec]).toEqual(['ok', null, 'h264']);
  expect([b.status, b.cause]).toEqual(['ok', null]);
  expect(a.picture?.frozen).toBe(false);
  expect([shotA.jpeg[0], shotA.jpeg[1], shotB.jpeg[0], shotB.jpeg[1]]).toEqual([0xff, 0xd8, 0xff, 0xd8]);
  // ... the tools ran while the scan watched, and none of them carried the password in its arguments.
  expect([...seen].sort()).toEqual(['ffmpeg', 'ffprobe']);
  expect([...leaks]).toEqual([]);
});

it('a wrong password is reported as a failing stream, with no password in the detail', async () => {
  const prober = createRealProber({ logger: pino({ level: 'silent' }), streamSampleSeconds: 1, frameSampleSeconds: 2 });
  const verdict = await prober.probe(camera('cam-wrong', { username: USER, password: 'not-the-password' }), ctx(), false);
  expect(verdict.status).toBe('down');
  expect(verdict.detail).toMatch(/401|authori[sz]ation/i);
  expect(verdict.detail).not.toContain('not-the-password');
});
