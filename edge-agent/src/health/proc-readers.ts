import { readdir, readFile, statfs } from 'node:fs/promises';
import { join } from 'node:path';

export interface CpuTimes {
  idle: number;
  total: number;
}

/** Aggregate CPU jiffies from the first line of /proc/stat (`cpu user nice system idle iowait irq softirq steal …`). */
export function parseProcStat(text: string): CpuTimes {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no aggregate cpu line in /proc/stat');
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) throw new Error(`unreadable cpu line: ${line}`);
  const idle = fields[3]! + (fields[4] ?? 0);
  return { idle, total: fields.reduce((a, b) => a + b, 0) };
}

export function cpuPercent(prev: CpuTimes, next: CpuTimes): number {
  const total = next.total - prev.total;
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, (100 * (total - (next.idle - prev.idle))) / total));
}

/** Used memory share from /proc/meminfo: (MemTotal − MemAvailable) / MemTotal, as `free` counts it. */
export function parseMemInfo(text: string): number {
  const value = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  const total = value('MemTotal');
  const available = value('MemAvailable') ?? value('MemFree');
  if (!total || available === null) throw new Error('MemTotal/MemAvailable missing from /proc/meminfo');
  return (100 * (total - available)) / total;
}

export async function readCpuTimes(procRoot = '/proc'): Promise<CpuTimes> {
  return parseProcStat(await readFile(join(procRoot, 'stat'), 'utf8'));
}

export async function readMemUsedPct(procRoot = '/proc'): Promise<number> {
  return parseMemInfo(await readFile(join(procRoot, 'meminfo'), 'utf8'));
}

/** Share of the file system holding `path` that is used, as `df` shows it (blocks reserved for root count as free to nobody). */
export async function readDiskUsedPct(path: string): Promise<number> {
  const s = await statfs(path);
  const used = s.blocks - s.bfree;
  const usable = used + s.bavail;
  return usable > 0 ? (100 * used) / usable : 0;
}

/**
 * Hottest thermal zone in °C, or null on boxes without /sys/class/thermal (VMs, some x86). A zone
 * whose sensor fails (EIO from a flaky I2C sensor on ARM boards, EINVAL/ENODATA when it is off…)
 * has no reading: it is skipped, and the other zones still count.
 */
export async function readMaxTempC(thermalRoot = '/sys/class/thermal'): Promise<number | null> {
  let zones: string[];
  try {
    zones = (await readdir(thermalRoot)).filter((z) => z.startsWith('thermal_zone'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let max: number | null = null;
  for (const zone of zones) {
    const raw = await readFile(join(thermalRoot, zone, 'temp'), 'utf8').catch(() => null);
    const milli = raw === null ? NaN : Number(raw.trim());
    if (Number.isFinite(milli)) max = Math.max(max ?? -Infinity, milli / 1000);
  }
  return max;
}
