import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { parseAgentConfig } from '../src/config/load-agent-config.ts';

const run = promisify(execFile);
const deploy = new URL('../deploy/', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'camwatch-install-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('the bundle the service runs builds and starts', async () => {
  await run('pnpm', ['--filter', '@camwatch/edge-agent', '--silent', 'run', 'bundle'], { cwd: join(deploy, '../..') });
  const bundle = join(deploy, '../dist/camwatch-agent.mjs');
  expect((await run(process.execPath, [bundle, '--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  const bad = await run(process.execPath, [bundle, '--config', join(deploy, 'missing.yaml')]).then(
    () => null,
    (err: { code: number; stderr: string }) => err,
  );
  expect(bad?.code).toBe(1);
  expect(bad?.stderr).toContain('ENOENT');
});

it('install.sh stages the agent, its config template, the unit and the CLI wrapper', async () => {
  await run('bash', [join(deploy, 'install.sh'), '--root', root]);
  expect(existsSync(join(root, 'opt/camwatch/edge-agent/src/main.ts'))).toBe(true);
  expect(existsSync(join(root, 'opt/camwatch/config/src/index.ts'))).toBe(true);
  expect(existsSync(join(root, 'opt/camwatch/edge-agent/test'))).toBe(false);
  expect(existsSync(join(root, 'opt/camwatch/edge-agent/dist/camwatch-agent.mjs'))).toBe(true);
  expect(statSync(join(root, 'etc/camwatch/agent.yaml')).mode & 0o777).toBe(0o640);
  expect(statSync(join(root, 'usr/local/bin/camwatch-agent')).mode & 0o111).not.toBe(0);
  // A second run (an upgrade) keeps the technician's configuration.
  await run('bash', ['-c', `echo '# edited on site' >> ${join(root, 'etc/camwatch/agent.yaml')}`]);
  const { stdout } = await run('bash', [join(deploy, 'install.sh'), '--root', root]);
  expect(stdout).toContain('kept the existing');
  expect(readFileSync(join(root, 'etc/camwatch/agent.yaml'), 'utf8')).toContain('# edited on site');
});

it('the example configuration is valid as shipped', () => {
  expect(() => parseAgentConfig(readFileSync(join(deploy, 'agent.example.yaml'), 'utf8'), 'agent.example.yaml')).not.toThrow();
});

it('the systemd unit restarts always, is hardened and passes systemd-analyze verify', async () => {
  const unit = readFileSync(join(deploy, 'camwatch-agent.service'), 'utf8');
  for (const line of [
    'ExecStart=/usr/bin/node /opt/camwatch/edge-agent/dist/camwatch-agent.mjs',
    'Restart=always',
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    'StateDirectory=camwatch',
    'KillSignal=SIGTERM',
    'User=camwatch',
  ])
    expect(unit).toContain(line);
  const verify = await run('systemd-analyze', ['verify', join(deploy, 'camwatch-agent.service')]).then(
    () => '',
    (err: { stderr: string }) => err.stderr,
  );
  // The unit names a user and paths of the target box; only syntax problems count here.
  expect(verify.split('\n').filter((l) => /Unknown (key|section)|Invalid|Failed to parse/i.test(l))).toEqual([]);
});
