import { loadavg, uptime } from 'node:os';
import type { HealthReading, HealthSampler } from '../core/ports.ts';
import { cpuPercent, readCpuTimes, readDiskUsedPct, readMaxTempC, readMemUsedPct, type CpuTimes } from './proc-readers.ts';

export interface LinuxHealthOptions {
  /** The file system whose fullness matters: where the outbox lives. */
  diskPath: string;
  procRoot?: string;
  thermalRoot?: string;
}

/**
 * Health of the station box from the kernel: CPU % over the interval since the previous sample
 * (/proc/stat deltas), 1-minute load, memory, disk (statfs), hottest thermal zone, uptime.
 * Uplink latency is the core's to measure (MQTT round trip), so it is null here.
 */
export class LinuxHealthSampler implements HealthSampler {
  private previous: CpuTimes | null = null;

  constructor(private readonly opts: LinuxHealthOptions) {}

  async sample(): Promise<HealthReading> {
    const procRoot = this.opts.procRoot ?? '/proc';
    const cpu = await readCpuTimes(procRoot);
    const previous = this.previous;
    this.previous = cpu;
    const [memUsedPct, diskUsedPct, tempC] = await Promise.all([
      readMemUsedPct(procRoot),
      readDiskUsedPct(this.opts.diskPath),
      // The temperature is optional in the contract: an unreadable thermal tree must not cost the whole sample.
      readMaxTempC(this.opts.thermalRoot).catch(() => null),
    ]);
    return {
      // The first sample has no interval behind it: take a short one so it is not 0.
      cpuPct: previous ? cpuPercent(previous, cpu) : await this.shortCpuSample(procRoot, cpu),
      load1: loadavg()[0] ?? 0,
      memUsedPct,
      diskUsedPct,
      tempC,
      uptimeS: Math.round(uptime()),
      uplinkLatencyMs: null,
    };
  }

  private async shortCpuSample(procRoot: string, start: CpuTimes): Promise<number> {
    await new Promise((r) => setTimeout(r, 250));
    const end = await readCpuTimes(procRoot);
    this.previous = end;
    return cpuPercent(start, end);
  }
}
