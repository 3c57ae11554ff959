import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LinuxHealthSampler } from '../src/health/linux-health-sampler.ts';
import { cpuPercent, parseMemInfo, parseProcStat, readMaxTempC } from '../src/health/proc-readers.ts';

const dir = mkdtempSync(join(tmpdir(), 'camwatch-health-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('linux health', () => {
  it('computes CPU % from /proc/stat deltas (iowait counts as idle)', () => {
    const a = parseProcStat('cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3 4\n');
    const b = parseProcStat('cpu  150 0 150 850 150 0 0 0 0 0\n');
    expect(cpuPercent(a, b)).toBeCloseTo(100 / 3, 5); // busy 100 of 300 jiffies
    expect(() => parseProcStat('intr 1 2 3')).toThrow(/cpu line/);
  });

  it('reads used memory as free(1) does', () => {
    expect(parseMemInfo('MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    250 kB\n')).toBeCloseTo(75, 5);
  });

  it('takes the hottest thermal zone and skips unreadable ones; null without thermal zones', async () => {
    const root = join(dir, 'thermal');
    for (const [zone, temp] of [
      ['thermal_zone0', '48500'],
      ['thermal_zone1', '61250'],
      ['cooling_device0', '1'],
    ] as const) {
      mkdirSync(join(root, zone), { recursive: true });
      writeFileSync(join(root, zone, 'temp'), `${temp}\n`);
    }
    mkdirSync(join(root, 'thermal_zone2'));
    expect(await readMaxTempC(root)).toBe(61.25);
    expect(await readMaxTempC(join(dir, 'none'))).toBeNull();
  });

  it('a failing thermal zone costs its own reading only, not the health sample', async () => {
    const root = join(dir, 'thermal-failing');
    mkdirSync(join(root, 'thermal_zone0'), { recursive: true });
    writeFileSync(join(root, 'thermal_zone0', 'temp'), '52000\n');
    // A sensor file that cannot be read (EISDIR here; EIO from a flaky I2C sensor on real boards).
    mkdirSync(join(root, 'thermal_zone1', 'temp'), { recursive: true });
    const sampler = new LinuxHealthSampler({ diskPath: dir, thermalRoot: root });
    expect((await sampler.sample()).tempC).toBe(52);
    // Not even a directory: no temperature, the rest of the sample still there.
    const broken = new LinuxHealthSampler({ diskPath: dir, thermalRoot: join(root, 'thermal_zone0', 'temp') });
    const reading = await broken.sample();
    expect(reading.tempC).toBeNull();
    expect(reading.memUsedPct).toBeGreaterThan(0);
  });

  it('samples this machine within the contract ranges', async () => {
    const sampler = new LinuxHealthSampler({ diskPath: dir });
    for (const reading of [await sampler.sample(), await sampler.sample()]) {
      expect(reading.cpuPct).toBeGreaterThanOrEqual(0);
      expect(reading.cpuPct).toBeLessThanOrEqual(100);
      expect(reading.memUsedPct).toBeGreaterThan(0);
      expect(reading.diskUsedPct).toBeGreaterThan(0);
      expect(reading.uptimeS).toBeGreaterThan(0);
    }
  });
});
