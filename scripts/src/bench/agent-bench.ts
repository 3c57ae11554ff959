import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect } from 'mqtt';
import { DEFAULTS, parseTopic, stationPublishFilter } from '@camwatch/config';
import { MosquittoServer, RtspTestServer, type RtspMount } from '@camwatch/testkit';
import { dailyBytes, PUBLISH_OVERHEAD, type KindStats } from './agent-traffic-model.ts';
import { ProcessMeter, type MeterResult } from './process-meter.ts';

/**
 * `pnpm bench agent [--minutes N] [--mode bundle|tsx]`: the real agent (its CLI, real prober: ffprobe +
 * ffmpeg picture checks + snapshots; by default the single-file bundle the systemd unit runs) watching 4 cameras served by GStreamer's RTSP server on loopback, at default
 * intervals, reporting to a real Mosquitto. Measures the agent's CPU and RSS, with an idle Node
 * and an idle tsx process measured alongside as the baseline, and the bytes it sends per day.
 * Last line: {"rssMB":…,"cpuPct":…,"mbPerDay":…}.
 */
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const STATION = 'BENCH-ST1';
const MOUNTS: RtspMount[] = ['ok', 'frozen', 'black', 'turned'];
const GOAL = { rssMB: 100, cpuPct: 10, mbPerDay: 20 };

function spawnNode(args: string[]): ChildProcess {
  return spawn(process.execPath, args, { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

function writeConfig(dir: string, brokerUrl: string, rtsp: RtspTestServer): string {
  const file = join(dir, 'agent.yaml');
  const cameras = MOUNTS.map((m, i) =>
    [`  - cameraId: ${STATION}-C${i + 1}`, `    rtspUrl: ${rtsp.url(m)}`, '    make: GStreamer'].join('\n'),
  );
  writeFileSync(
    file,
    [
      'version: 1',
      `stationId: ${STATION}`,
      'mqtt:',
      `  url: ${brokerUrl}`,
      'cameras:',
      ...cameras,
      'outbox:',
      `  dir: ${join(dir, 'state')}`,
      'log:',
      '  level: warn',
      '',
    ].join('\n'),
  );
  return file;
}

const fmt = (r: MeterResult) =>
  `RSS avg ${r.rssAvgMB.toFixed(1)} MB, max ${r.rssMaxMB.toFixed(1)} MB; CPU ${r.cpuPct.toFixed(2)} % of one core`;

export default async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { minutes: { type: 'string', default: '2' }, mode: { type: 'string', default: 'bundle' } },
    strict: true,
  });
  if (values.mode !== 'bundle' && values.mode !== 'tsx') throw new Error(`--mode is bundle or tsx, not ${values.mode}`);
  const minutes = Number(values.minutes);
  if (!(minutes > 0 && minutes <= 24 * 60)) throw new Error(`--minutes must be a positive number, not ${values.minutes}`);
  const dir = mkdtempSync(join(tmpdir(), 'camwatch-agent-bench-'));
  const broker = new MosquittoServer({ persistence: false });
  const rtsp = new RtspTestServer();
  const children: ChildProcess[] = [];
  try {
    await Promise.all([broker.start(), rtsp.start()]);
    const sizes: Record<string, KindStats> = {};
    let lastBytesSentToday = 0;
    const hub = connect(broker.url, { clientId: 'bench-hub', clean: true, protocolVersion: 4 });
    hub.on('message', (topic, payload) => {
      const kind = parseTopic(topic)?.kind ?? 'other';
      const s = (sizes[kind] ??= { count: 0, avgWireBytes: 0 });
      s.avgWireBytes = (s.avgWireBytes * s.count + payload.length + topic.length + PUBLISH_OVERHEAD) / (s.count + 1);
      s.count++;
      if (kind === 'health') lastBytesSentToday = (JSON.parse(payload.toString()) as { bytesSentToday: number }).bytesSentToday;
    });
    await new Promise<void>((resolve, reject) => hub.once('connect', () => resolve()).once('error', reject));
    await hub.subscribeAsync(stationPublishFilter(STATION), { qos: 1 });

    const configFile = writeConfig(dir, broker.url, rtsp);
    if (values.mode === 'bundle')
      execFileSync('pnpm', ['--filter', '@camwatch/edge-agent', '--silent', 'run', 'bundle'], { cwd: repo, stdio: 'inherit' });
    const entry = values.mode === 'bundle' ? ['edge-agent/dist/camwatch-agent.mjs'] : ['--import', 'tsx', 'edge-agent/src/main.ts'];
    const agent = spawnNode([...entry, '--config', configFile]);
    const idleNode = spawnNode(['-e', 'setInterval(() => {}, 1000)']);
    const idleTsx = spawnNode(['--import', 'tsx', '-e', 'setInterval(() => {}, 1000)']);
    children.push(agent, idleNode, idleTsx);
    let agentErr = '';
    agent.stderr?.on('data', (d: Buffer) => (agentErr = (agentErr + d.toString()).slice(-4000)));
    agent.once('exit', (code) => code !== 0 && process.stderr.write(`agent exited with ${code}: ${agentErr}\n`));
    // Let the processes load before measuring: start-up compilation is not the steady state.
    await new Promise((r) => setTimeout(r, 3000));
    const meters = [agent, idleNode, idleTsx].map((c) => new ProcessMeter(c.pid!));
    process.stdout.write(`agent bench (${values.mode}): 4 cameras (${MOUNTS.join(', ')}) at default intervals for ${minutes} min…\n`);
    await new Promise((r) => setTimeout(r, minutes * 60_000));
    const [a, n, t] = meters.map((m) => m.stop()) as [MeterResult, MeterResult, MeterResult];
    await stopChild(agent);
    await hub.endAsync();

    const cadence = {
      cameras: MOUNTS.length,
      healthMs: DEFAULTS.healthIntervalMs.value,
      snapshotMs: DEFAULTS.snapshotIntervalMs.value,
      statusRefreshMs: DEFAULTS.statusRefreshIntervalMs.value,
    };
    const day = dailyBytes(sizes, cadence);
    const day3 = dailyBytes(sizes, { ...cadence, cameras: 3 });
    // Test patterns compress well; a busy street fills the snapshot budget. Worst case: every snapshot at the cap.
    // 400 B is generous for the frame's metadata JSON, topic and MQTT framing.
    const atCap = { ...sizes, snapshot: { count: 1, avgWireBytes: DEFAULTS.snapshotMaxBytes.value + 400 } };
    const capLine = `worst case, every snapshot at the ${DEFAULTS.snapshotMaxBytes.value} B cap: 4 cameras ${(dailyBytes(atCap, cadence).total / 1e6).toFixed(2)} MB/day, 3 cameras ${(dailyBytes(atCap, { ...cadence, cameras: 3 }).total / 1e6).toFixed(2)} MB/day`;
    const mb = (b: number) => b / 1e6;
    const lines = [
      `agent (${values.mode === 'bundle' ? 'bundled' : 'node + tsx'}, real prober): ${fmt(a)}; with its ffmpeg/ffprobe children: CPU ${a.treeCpuPct.toFixed(2)} %, peak RSS ${a.treeRssMaxMB.toFixed(1)} MB`,
      `baseline idle node:              ${fmt(n)}`,
      `baseline idle node + tsx:        ${fmt(t)}`,
      `messages seen: ${Object.entries(sizes)
        .map(([k, s]) => `${k} ${s.count}×${Math.round(s.avgWireBytes)} B`)
        .join(', ')}`,
      `socket bytes the agent counted (health.bytesSentToday, start-up included): ${lastBytesSentToday} in ${a.seconds.toFixed(0)} s`,
      `steady state per day, 4 cameras: health ${mb(day.health).toFixed(2)} MB + status ${mb(day.cameraStatus).toFixed(2)} MB + snapshots ${mb(day.snapshot).toFixed(2)} MB + keepalive ${mb(day.keepalive).toFixed(3)} MB = ${mb(day.total).toFixed(2)} MB (3 cameras: ${mb(day3.total).toFixed(2)} MB)`,
      capLine,
      `goal: RSS < ${GOAL.rssMB} MB, CPU < ${GOAL.cpuPct} %, ≤ ${GOAL.mbPerDay} MB/day`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
    process.stdout.write(
      `${JSON.stringify({ rssMB: round(a.rssMaxMB, 1), cpuPct: round(a.treeCpuPct, 2), mbPerDay: round(mb(day.total), 2) })}\n`,
    );
  } finally {
    await Promise.all(children.map((c) => stopChild(c, 'SIGKILL')));
    await rtsp.stop();
    await broker.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
