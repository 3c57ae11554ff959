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
