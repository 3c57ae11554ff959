import { readFileSync } from 'node:fs';

const CLK_TCK = 100; // USER_HZ on every Linux architecture we ship to (getconf CLK_TCK)
const PAGE_KB = 4;

export interface ProcSample {
  /** CPU seconds of the process itself (utime + stime). */
  selfCpuS: number;
  /** CPU seconds including children it has reaped (ffmpeg/ffprobe runs): + cutime + cstime. */
  treeCpuS: number;
  rssMB: number;
}

/** Reads /proc/PID/stat; null once the process is gone. */
export function readProc(pid: number): ProcSample | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  // Fields after the command name (which may hold spaces), counted from field 3 (state).
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const num = (i: number) => Number(f[i - 3]);
  const self = (num(14) + num(15)) / CLK_TCK;
  return { selfCpuS: self, treeCpuS: self + (num(16) + num(17)) / CLK_TCK, rssMB: (num(24) * PAGE_KB) / 1024 };
}

/** Direct children's pids (ffmpeg probes running at this moment). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Every descendant of `pid` (children, their children…) alive now. */
export function descendantPids(pid: number): number[] {
  const out: number[] = [];
  const queue = childPids(pid);
  while (queue.length) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...childPids(p));
  }
  return out;
}

/** Proportional set size of a process (its private pages plus its share of shared ones), MB; null once gone. */
export function readPssMB(pid: number): number | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ESRCH') return null;
    throw err;
  }
  const kb = /^Pss:\s+(\d+) kB/m.exec(text);
  return kb ? Number(kb[1]) / 1024 : null;
}

/**
 * A process with all its descendants, e.g. PostgreSQL's postmaster and its backends and workers.
 * CPU: the tree's own plus what its exited children used (reaped into the parent's cutime), so
 * a backend that ends between two samples is still counted. Memory: the sum of PSS, not RSS, since
 * every backend maps the same shared buffers and a sum of RSS would count them once per backend.
 */
export function readProcTree(pid: number): { cpuS: number; pssMB: number; processes: number } | null {
  const root = readProc(pid);
  if (!root) return null;
  const pids = descendantPids(pid);
  let cpuS = root.treeCpuS;
  let pssMB = readPssMB(pid) ?? 0;
  for (const p of pids) {
    cpuS += readProc(p)?.treeCpuS ?? 0;
    pssMB += readPssMB(p) ?? 0;
  }
  return { cpuS, pssMB, processes: 1 + pids.length };
}

export interface MeterResult {
  seconds: number;
  cpuPct: number;
  treeCpuPct: number;
  rssAvgMB: number;
  rssMaxMB: number;
  /** Agent plus the children running at the same moment, the box's real peak. */
  treeRssMaxMB: number;
}

/** Samples a process every second until `stop()`; CPU % of one core over the whole window. */
export class ProcessMeter {
  private readonly first: ProcSample;
  private last: ProcSample;
  private readonly startedAt = Date.now();
  private readonly rss: number[] = [];
  private treeRssMax = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    const s = readProc(pid);
    if (!s) throw new Error(`process ${pid} is not running`);
    this.first = s;
    this.last = s;
    this.timer = setInterval(() => this.sample(), 1000);
  }

  private sample(): void {
    const s = readProc(this.pid);
    if (!s) return;
    this.last = s;
    this.rss.push(s.rssMB);
    const children = childPids(this.pid)
      .map(readProc)
      .reduce((sum, c) => sum + (c?.rssMB ?? 0), 0);
    this.treeRssMax = Math.max(this.treeRssMax, s.rssMB + children);
  }

  stop(): MeterResult {
    this.sample();
    clearInterval(this.timer);
    const seconds = (Date.now() - this.startedAt) / 1000;
    return {
      seconds,
      cpuPct: (100 * (this.last.selfCpuS - this.first.selfCpuS)) / seconds,
      treeCpuPct: (100 * (this.last.treeCpuS - this.first.treeCpuS)) / seconds,
      rssAvgMB: this.rss.reduce((a, b) => a + b, 0) / Math.max(1, this.rss.length),
      rssMaxMB: Math.max(...this.rss, this.first.rssMB),
      treeRssMaxMB: this.treeRssMax,
    };
  }
}

export interface TreeSample {
  at: number;
  /** CPU seconds of the process, its live descendants and every child already reaped (cutime/cstime). */
  cpuS: number;
  /** RSS of the process alone, MB. */
  selfRssMB: number;
  /** RSS of the process plus its live descendants, MB (shared library pages counted once per process: an upper bound). */
  treeRssMB: number;
}

export interface TreeWindow {
  seconds: number;
  cpuPct: number;
  selfRssMaxMB: number;
  treeRssAvgMB: number;
  treeRssMaxMB: number;
}

/** One reading of a process tree; null once the root is gone. */
export function sampleTree(pid: number, at = Date.now()): TreeSample | null {
  const root = readProc(pid);
  if (!root) return null;
  let cpuS = root.treeCpuS;
  let treeRssMB = root.rssMB;
  for (const p of descendantPids(pid)) {
    const s = readProc(p);
    if (!s) continue;
    // A live child's own reaped children are in its cutime; the root's cutime gets them when it reaps the child.
    cpuS += s.treeCpuS;
    treeRssMB += s.rssMB;
  }
  return { at, cpuS, selfRssMB: root.rssMB, treeRssMB };
}

/**
 * Samples a process tree (the agent with its ffmpeg/ffprobe runs) every `everyMs` until `stop()`.
 * A short-lived child's CPU is never lost, whether it is alive at a sample (counted live) or
 * already reaped (in the parent's cutime); its RSS is seen only if a sample falls in its life,
 * hence the short period. `window(from, to)` gives CPU and RSS between two instants, so start-up
 * can be left out.
 */
export class TreeMeter {
  readonly samples: TreeSample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 250,
  ) {
    this.sample();
    if (!this.samples.length) throw new Error(`process ${pid} is not running`);
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): TreeSample | null {
    const s = sampleTree(this.pid);
    if (s) this.samples.push(s);
    return s;
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }

  /** CPU % of one core and RSS between the samples nearest to `from` and `to` (ms since the epoch). */
  window(from: number, to: number): TreeWindow {
    const inside = this.samples.filter((s) => s.at >= from && s.at <= to);
    if (inside.length < 2) throw new Error('fewer than two samples in the window');
    const first = inside[0]!;
    const last = inside.at(-1)!;
    const seconds = (last.at - first.at) / 1000;
    return {
      seconds,
      cpuPct: (100 * (last.cpuS - first.cpuS)) / seconds,
      selfRssMaxMB: Math.max(...inside.map((s) => s.selfRssMB)),
      treeRssAvgMB: inside.reduce((a, s) => a + s.treeRssMB, 0) / inside.length,
      treeRssMaxMB: Math.max(...inside.map((s) => s.treeRssMB)),
    };
  }
}
