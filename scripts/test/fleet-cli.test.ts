import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'scripts/src/fleet/cli.ts');
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

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
});
