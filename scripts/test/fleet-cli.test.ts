import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { gadmFixture } from './gadm-fixture.ts';
import { osmFixture } from './osm-roads-fixture.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'scripts/src/fleet/cli.ts');
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fleet-cli-'));
  dirs.push(dir);
  return dir;
};
const fleet = (...args: string[]) => run(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, timeout: 60_000 });

describe('pnpm fleet generate', () => {
  it('writes the fleet and ends with the JSON summary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleet-cli-'));
    dirs.push(dir);
    const { stdout } = await fleet('generate', '--seed', '5', '--out', dir);
    const last = stdout.trimEnd().split('\n').at(-1) ?? '';
    expect(JSON.parse(last)).toEqual({
      communes: 192,
      equipped: 112,
      stations: 670,
      cameras: 1696,
      roadSigns: 115,
      districts: 15,
      wards: 12,
      townships: 14,
    });
    expect(await readFile(join(dir, 'inventory.yaml'), 'utf8')).toMatch(/^version: 1\nprovince: Long An\n/);
  });

  it('refuses bad arguments with exit code 2 and the usage line', async () => {
    const err = await fleet('generate', '--seed', 'abc', '--out', '/tmp/never').catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toMatch(/--seed must be an integer[\s\S]*usage: pnpm fleet generate/);
  });

  describe('with a GADM-shaped boundary file', () => {
    const summaryOf = (stdout: string) => JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? '') as Record<string, number>;

    it('matches all 192 units and writes the fleet on the imported map and roads', async () => {
      const dir = await tempDir();
      const file = join(dir, 'gadm.geojson');
      await writeFile(file, JSON.stringify(gadmFixture()));
      const roadsFile = join(dir, 'roads.osm.geojson');
      await writeFile(roadsFile, JSON.stringify(osmFixture()));
      const out = join(dir, 'out');
      const { stdout } = await fleet('generate', '--out', out, '--boundaries', file, '--roads', roadsFile);
      expect(stdout).toMatch(
        /roads: 9 features from .*QL1 \(2 lines\), N2 \(1 lines\), QL50 \(1 lines\), QL62 \(1 lines\); 2 other named roads/,
      );
      expect(stdout).toMatch(/roads: 2 features not used: #8 \(no ref or name\); #9 Chợ Bến Lức/);
      const roads = JSON.parse(await readFile(join(out, 'roads.geojson'), 'utf8')) as { features: { properties: { ref?: string } }[] };
      expect(roads.features.filter((f) => f.properties.ref === 'ĐT.830')).toHaveLength(1);
      expect(stdout).toMatch(/boundaries: 192 of 192 units matched .*\(191 by exact name, 1 without diacritics, 0 by id\)/);
      expect(stdout).toMatch(/boundaries: 1 features joined to the unit our list counts them in/);
      expect(summaryOf(stdout)).toMatchObject({ communes: 192, stations: 670, cameras: 1696 });
      const outline = JSON.parse(await readFile(join(out, 'outline.geojson'), 'utf8')) as { properties: { areaKm2: number } };
      expect(outline.properties.areaKm2).toBeLessThan(4495);
    });

    it('exits non-zero, lists the missing units and writes nothing; --accept-partial says how many matched', async () => {
      const dir = await tempDir();
      const file = join(dir, 'gadm-cut.geojson');
      const fc = gadmFixture();
      fc.features = fc.features.filter((f) => !['PhướcLợi', 'LongThạnh'].includes(f.properties.NAME_3 ?? ''));
      await writeFile(file, JSON.stringify(fc));
      const out = join(dir, 'out');
      const err = await fleet('generate', '--out', out, '--boundaries', file).catch((e: { code: number; stderr: string }) => e);
      expect(err).toMatchObject({ code: 1 });
      const stderr = (err as { stderr: string }).stderr;
      expect(stderr).toMatch(/unit without a boundary: Xã Phước Lợi \(Huyện Bến Lức\)/);
      expect(stderr).toMatch(/unit without a boundary: Xã Long Thạnh \(Huyện Thủ Thừa\)/);
      expect(stderr).toMatch(/190 of 192 units matched.*nothing written/);
      await expect(readdir(out)).rejects.toMatchObject({ code: 'ENOENT' });

      const { stdout, stderr: warned } = await fleet('generate', '--out', out, '--boundaries', file, '--accept-partial');
      expect(warned).toMatch(/PARTIAL: 190 of 192 units use imported boundaries, 2 keep generated cells/);
      expect(summaryOf(stdout)).toMatchObject({ communes: 192, stations: 670 });
    });
  });
});
