import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULTS } from '@camwatch/config';
import { MosquittoServer, RtspTestServer } from '@camwatch/testkit';
import { BENCH_CLIP, benchClipNames, ensureBenchClip } from './agent-bench-clip.ts';
import { tapStations, type StationTraffic } from './agent-bench-tap.ts';
import { checkAgainstAgent, dailyBytes, type BytesCheck, type Cadence, type DailyBudget } from './agent-traffic-model.ts';
import { BUDGET_MB_PER_DAY, judge, MODEL_TOLERANCE, OBSERVED_TOLERANCE } from './agent-bench-verdict.ts';
import { TreeMeter, type TreeWindow } from './process-meter.ts';
import { plannedDay, type PlannedDay } from './agent-bench-budget.ts';

/**
 * `pnpm bench agent [--minutes N] [--mode bundle|tsx] [--no-baseline] [--sizes 1,8]`: the real agent (its CLI,
 * real prober: ffprobe, ffmpeg picture checks and snapshots; by default the single-file bundle
 * the systemd unit runs) watching 4 cameras that stream real street footage at 1080p over
 * GStreamer's RTSP server on loopback, at default intervals, reporting to a real Mosquitto.
 * Beside it, in the same run, a second agent on the old bench's input (4 GStreamer test patterns
 * at 320×240, 10 fps) as the baseline.
 *
 * The default 16 min holds every periodic task: start-up (first minute and first snapshots) is
 * left out and the steady window is one whole snapshot and status period (15 min: 15 heartbeats,
 * 3 picture checks, a status refresh and a snapshot per camera). CPU and RSS count the agent's
 * ffmpeg/ffprobe children. The traffic model is checked against the agent's own
 * `bytesSentToday`. `--sizes 1,8` adds 1080p stations of those camera counts, each reported in bytes/day as
 * configured and under the agent's budget plan (planSnapshots over a whole day from the sizes measured).
 * Exit code 1 when the capped worst case under the budget plan breaks the 4G budget or the model
 * disagrees with the agent's counter. Last line: one JSON object.
 */
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const CAMERAS = benchClipNames().length;
const HD = 'BENCH-HD';
const QVGA = 'BENCH-QVGA';
const QVGA_MOUNTS = ['ok', 'frozen', 'black', 'turned'] as const;
const GOAL = { rssMB: 100, cpuPct: 10 };
/** Start-up: birth, first probe and status of every camera, first snapshots; steady state begins after. */
const STARTUP_MS = 60_000;
/** Snapshot metadata, topic and framing around a JPEG at the cap (generous). */
const SNAPSHOT_FRAMING = 400;

const cadence = (cameras: number): Cadence => ({
  cameras,
  healthMs: DEFAULTS.healthIntervalMs.value,
  snapshotMs: DEFAULTS.snapshotIntervalMs.value,
  statusRefreshMs: DEFAULTS.statusRefreshIntervalMs.value,
});
const FULL_WINDOW_MS = DEFAULTS.snapshotIntervalMs.value - DEFAULTS.healthIntervalMs.value / 2;

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

function writeConfig(dir: string, stationId: string, brokerUrl: string, urls: string[]): string {
  const file = join(dir, `${stationId}.yaml`);
  const cameras = urls.map((url, i) => [`  - cameraId: ${stationId}-C${i + 1}`, `    rtspUrl: ${url}`, '    make: GStreamer'].join('\n'));
  writeFileSync(
    file,
    [
      'version: 1',
      `stationId: ${stationId}`,
      'mqtt:',
      `  url: ${brokerUrl}`,
      'cameras:',
      ...cameras,
      'outbox:',
      `  dir: ${join(dir, stationId)}`,
      'log:',
      '  level: warn',
      '',
    ].join('\n'),
  );
  return file;
}

interface StationResult {
  budget: DailyBudget;
  budget3: DailyBudget;
  capped: DailyBudget;
  capped3: DailyBudget;
  snapshotAvgBytes: number;
  check: BytesCheck | null;
  whole: TreeWindow;
  steady: TreeWindow | null;
}

function evaluate(t: StationTraffic, meter: TreeMeter, startedAt: number, endedAt: number): StationResult {
  const c4 = cadence(CAMERAS);
  const c3 = cadence(3);
  const atCap = { ...t.sizes, snapshot: { count: 1, avgWireBytes: DEFAULTS.snapshotMaxBytes.value + SNAPSHOT_FRAMING } };
  const budget = dailyBytes(t.sizes, c4);
  const from = t.steadyStart(startedAt, STARTUP_MS, CAMERAS);
  const to = t.healths.at(-1);
  const check = from && to && to.at > from.at ? checkAgainstAgent(from, to, budget, c4) : null;
  return {
    budget,
    budget3: dailyBytes(t.sizes, c3),
    capped: dailyBytes(atCap, c4),
    capped3: dailyBytes(atCap, c3),
    snapshotAvgBytes: t.sizes.snapshot!.avgWireBytes,
    check,
    whole: meter.window(startedAt, endedAt),
    steady: from && to && to.at > from.at ? meter.window(from.at, to.at) : null,
  };
}

const mb = (b: number) => b / 1e6;
const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
const cpuLine = (w: TreeWindow) =>
  `CPU ${w.cpuPct.toFixed(1)} % of one core over ${w.seconds.toFixed(0)} s, RSS agent ≤ ${w.selfRssMaxMB.toFixed(0)} MB, with children avg ${w.treeRssAvgMB.toFixed(0)} / max ${w.treeRssMaxMB.toFixed(0)} MB`;

export default async function main(argv: string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string', default: '16' },
      mode: { type: 'string', default: 'bundle' },
      'no-baseline': { type: 'boolean', default: false },
      /** Extra 1080p stations by camera count beside the 4-camera one (e.g. `1,8`): bytes/day of each under the budget. */
      sizes: { type: 'string', default: '' },
    },
    strict: true,
  });
  if (values.mode !== 'bundle' && values.mode !== 'tsx') throw new Error(`--mode is bundle or tsx, not ${values.mode}`);
  const minutes = Number(values.minutes);
  if (!(minutes > 0 && minutes <= 24 * 60)) throw new Error(`--minutes must be a positive number, not ${values.minutes}`);
  const runMs = minutes * 60_000;
  const sizes = values.sizes
    .split(',')
    .filter((v) => v.trim() !== '')
    .map(Number)
    .filter((n) => n !== CAMERAS);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) throw new Error(`--sizes lists camera counts 1..16, not ${values.sizes}`);
  const extra = sizes.map((n) => ({ id: `BENCH-HD${n}`, cameras: n }));
  // Long enough by design for one whole snapshot period after start-up: then the model must be checked.
  const fullRun = runMs >= STARTUP_MS + FULL_WINDOW_MS;
  const say = (line: string) => process.stdout.write(`${line}\n`);

  const clipsDir = await ensureBenchClip(say);
  if (values.mode === 'bundle')
    execFileSync('pnpm', ['--filter', '@camwatch/edge-agent', '--silent', 'run', 'bundle'], { cwd: repo, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'camwatch-agent-bench-'));
  const broker = new MosquittoServer({ persistence: false });
  const rtsp = new RtspTestServer(clipsDir);
  const agents: ChildProcess[] = [];
  try {
    await Promise.all([broker.start(), rtsp.start()]);
    const stations = [HD, ...extra.map((e) => e.id), ...(values['no-baseline'] ? [] : [QVGA])];
    const { traffic, client } = await tapStations(broker.url, stations);
    const urls: Record<string, string[]> = {
      [HD]: benchClipNames().map((n) => rtsp.clipUrl(n)),
      [QVGA]: QVGA_MOUNTS.map((m) => rtsp.url(m)),
      // More cameras than clips: the server plays each clip from its start for every client, so they differ in time.
      ...Object.fromEntries(
        extra.map((e) => [e.id, Array.from({ length: e.cameras }, (_v, i) => rtsp.clipUrl(benchClipNames()[i % CAMERAS]!))]),
      ),
    };
    const entry = values.mode === 'bundle' ? ['edge-agent/dist/camwatch-agent.mjs'] : ['--import', 'tsx', 'edge-agent/src/main.ts'];
    const startedAt = Date.now();
    const meters = new Map<string, TreeMeter>();
    for (const id of stations) {
      const agent = spawn(process.execPath, [...entry, '--config', writeConfig(dir, id, broker.url, urls[id]!)], {
        cwd: repo,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      agents.push(agent);
      let err = '';
      agent.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
      agent.once('exit', (code) => code !== 0 && process.stderr.write(`agent ${id} exited with ${code}: ${err}\n`));
      meters.set(id, new TreeMeter(agent.pid!));
    }
    const input = `${BENCH_CLIP.width}×${BENCH_CLIP.height} ${BENCH_CLIP.fps} fps H.264 ${BENCH_CLIP.kbps} kbit/s, opencv-doc vtest.avi street scene`;
    say(
      `agent bench (${values.mode}): ${CAMERAS} cameras of ${input}${stations.includes(QVGA) ? `, beside ${CAMERAS} of the old bench's 320×240 test patterns (${QVGA_MOUNTS.join(', ')})` : ''}, default intervals, ${minutes} min${fullRun ? ' (steady window: one whole 15-min snapshot period after start-up)' : ' (shorter than a snapshot period: a smoke run, the model is not checked)'}…`,
    );

    // Stop at the first heartbeat after the time is up, so the last window ends on a reading of bytesSentToday;
    // a full run goes on until one whole snapshot period of steady state is in.
    const hd = traffic.get(HD)!;
    const deadline = startedAt + runMs + STARTUP_MS + 5 * 60_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      if (agents.some((a) => a.exitCode !== null)) throw new Error('an agent exited during the bench');
      const last = hd.healths.at(-1);
      const from = hd.steadyStart(startedAt, STARTUP_MS, CAMERAS);
      const timeUp = last !== undefined && last.at >= startedAt + runMs;
      if (timeUp && (!fullRun || (from !== null && last.at - from.at >= FULL_WINDOW_MS))) break;
      if (Date.now() > deadline)
        throw new Error(
          `no steady window after ${((Date.now() - startedAt) / 60_000).toFixed(1)} min (healths ${hd.healths.length}, cameras with a snapshot ${hd.firstSnapshotAt.size})`,
        );
    }
    const endedAt = Date.now();
    for (const m of meters.values()) m.stop();
    await Promise.all(agents.map((a) => stopChild(a)));
    await client.endAsync();

    const r = evaluate(hd, meters.get(HD)!, startedAt, endedAt);
    const base = stations.includes(QVGA) ? evaluate(traffic.get(QVGA)!, meters.get(QVGA)!, startedAt, endedAt) : null;
    const cpu = r.steady ?? r.whole;
    const budgetBytes = DEFAULTS.dailyByteBudget.value;
    const perSize = [{ id: HD, cameras: CAMERAS }, ...extra]
      .sort((a, b) => a.cameras - b.cameras)
      .map(({ id, cameras }) => {
        const t = traffic.get(id)!;
        const day = plannedDay(t.sizes, cadence(cameras), budgetBytes);
        const worst = plannedDay(t.sizes, cadence(cameras), budgetBytes, DEFAULTS.snapshotMaxBytes.value + SNAPSHOT_FRAMING);
        return { id, cameras, day, worst, agentMode: t.lastSnapshotMode, snapshotBytes: Math.round(t.sizes.snapshot?.avgWireBytes ?? 0) };
      });
    const sizes = Object.entries(hd.sizes)
      .map(([k, s]) => `${k} ${s.count}×${Math.round(s.avgWireBytes)} B`)
      .join(', ');
    const perDay = (d: DailyBudget) =>
      `health ${mb(d.health).toFixed(2)} + status ${mb(d.cameraStatus).toFixed(2)} + snapshots ${mb(d.snapshot).toFixed(2)} + keepalive ${mb(d.keepalive).toFixed(3)} = ${mb(d.total).toFixed(2)} MB`;
    const c = r.check;
    const lines = [
      `1080p agent, steady state: ${r.steady ? cpuLine(r.steady) : 'no steady window (run longer)'}`,
      `1080p agent, whole run:    ${cpuLine(r.whole)}`,
      ...(base ? [`baseline (old bench input), steady: ${base.steady ? cpuLine(base.steady) : 'no steady window'}`] : []),
      `messages seen (1080p): ${sizes}`,
      `per day by the traffic model, 4 cameras: ${perDay(r.budget)} (3 cameras: ${mb(r.budget3.total).toFixed(2)} MB)`,
      `per day, capped worst case (every snapshot at the ${DEFAULTS.snapshotMaxBytes.value} B cap, one per ${DEFAULTS.snapshotIntervalMs.value / 60_000} min): 4 cameras ${mb(r.capped.total).toFixed(2)} MB, 3 cameras ${mb(r.capped3.total).toFixed(2)} MB`,
      ...(base
        ? [
            `old bench input, same run: snapshots ${Math.round(base.snapshotAvgBytes)} B (1080p street: ${Math.round(r.snapshotAvgBytes)} B), ${mb(base.budget.total).toFixed(2)} MB/day by the same model (1080p street: ${mb(r.budget.total).toFixed(2)} MB/day)`,
          ]
        : []),
      c
        ? `agent's bytesSentToday over ${c.seconds.toFixed(0)} s of steady state: ${c.agentBytes} B; hub side saw ${Math.round(c.observedBytes)} B (ratio ${c.observedRatio.toFixed(3)}, tolerance ±${OBSERVED_TOLERANCE * 100} %); model ${c.modelBytes === null ? 'not comparable over less than a snapshot period' : `${Math.round(c.modelBytes)} B (ratio ${c.modelRatio!.toFixed(3)}, tolerance ±${MODEL_TOLERANCE * 100} %)`}`
        : 'no steady window to check against bytesSentToday',
    ];
    const planLine = (p: PlannedDay) =>
      `${p.unplannedMb.toFixed(2)} MB as configured → ${p.plannedMb.toFixed(2)} MB under the budget (snapshots ${p.mode}${p.mode === 'full' ? '' : `, ≤ ${p.maxBytes} B every ${(p.intervalMs / 60_000).toFixed(0)} min`})`;
    for (const s of perSize)
      lines.push(
        `${s.cameras} camera(s), real 1080p scene, snapshots ${s.snapshotBytes} B on the wire: ${planLine(s.day)}; every snapshot at the cap: ${planLine(s.worst)}; the agent's own health said snapshotMode ${s.agentMode ?? '?'}`,
      );
    const plannedWorst = Math.max(...perSize.map((s) => s.worst.plannedMb));
    const failures = judge({ cappedWorstMbPerDay: plannedWorst, check: c, fullRun });
    if (hd.badHealth) failures.push(`${hd.badHealth} health messages without bytesSentToday`);
    lines.push(
      `goals: RSS < ${GOAL.rssMB} MB (agent ${cpu.selfRssMaxMB.toFixed(0)} MB, with children ${cpu.treeRssMaxMB.toFixed(0)} MB), CPU < ${GOAL.cpuPct} % (${cpu.cpuPct.toFixed(1)} % with children), ≤ ${BUDGET_MB_PER_DAY} MB/day in the capped worst case under the budget plan (${plannedWorst.toFixed(2)} MB, largest station)`,
    );
    lines.push(
      failures.length
        ? `FAILED: ${failures.join('; ')}`
        : 'passed: capped worst case within budget, traffic model agrees with bytesSentToday',
    );
    // The machine is shared: CPU figures mean little without the load they were measured under.
    const load = loadavg().map((v) => round(v, 1));
    lines.push(`machine load average (1, 5, 15 min) at the end: ${load.join(', ')}`);
    say(lines.join('\n'));
    say(
      JSON.stringify({
        input: `${BENCH_CLIP.width}x${BENCH_CLIP.height}@${BENCH_CLIP.fps} ${BENCH_CLIP.kbps}kbps`,
        cameras: CAMERAS,
        minutes: round((endedAt - startedAt) / 60_000, 1),
        steadyS: c ? round(c.seconds, 0) : null,
        cpuPct: { steady: r.steady ? round(r.steady.cpuPct, 2) : null, whole: round(r.whole.cpuPct, 2) },
        rssMB: {
          agent: round(cpu.selfRssMaxMB, 1),
          withChildrenMax: round(cpu.treeRssMaxMB, 1),
          withChildrenAvg: round(cpu.treeRssAvgMB, 1),
        },
        snapshotBytes: Math.round(r.snapshotAvgBytes),
        budgetMbPerDay: budgetBytes / 1e6,
        perCameraCount: perSize.map((s) => ({
          cameras: s.cameras,
          snapshotWireBytes: s.snapshotBytes,
          mbPerDay: round(s.day.plannedMb, 2),
          mbPerDayUnplanned: round(s.day.unplannedMb, 2),
          mbPerDayAtCap: round(s.worst.plannedMb, 2),
          mbPerDayAtCapUnplanned: round(s.worst.unplannedMb, 2),
          planAtCap: { mode: s.worst.mode, maxBytes: s.worst.maxBytes, intervalMs: s.worst.intervalMs },
          agentSnapshotMode: s.agentMode,
        })),
        mbPerDay: {
          model: round(mb(r.budget.total), 2),
          cappedWorst: round(mb(r.capped.total), 2),
          cappedWorst3: round(mb(r.capped3.total), 2),
        },
        bytesSent: c
          ? {
              agent: c.agentBytes,
              observedRatio: round(c.observedRatio, 3),
              modelRatio: c.modelRatio === null ? null : round(c.modelRatio, 3),
              tolerance: { observed: OBSERVED_TOLERANCE, model: MODEL_TOLERANCE },
            }
          : null,
        baseline: base
          ? {
              input: '320x240@10 test patterns',
              mbPerDay: round(mb(base.budget.total), 2),
              snapshotBytes: Math.round(base.snapshotAvgBytes),
              cpuPct: base.steady ? round(base.steady.cpuPct, 2) : null,
            }
          : null,
        load,
        ok: failures.length === 0,
      }),
    );
    return failures.length === 0;
  } finally {
    await Promise.all(agents.map((a) => stopChild(a, 'SIGKILL')));
    await rtsp.stop();
    await broker.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
