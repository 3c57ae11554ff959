import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { parseAgentConfig } from '../src/config/load-agent-config.ts';

const run = promisify(execFile);
const deploy = new URL('../deploy/', import.meta.url).pathname;

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

it('the example configuration is valid as shipped', () => {
  expect(() => parseAgentConfig(readFileSync(join(deploy, 'agent.example.yaml'), 'utf8'), 'agent.example.yaml')).not.toThrow();
});

it('the systemd unit restarts always, is hardened and passes systemd-analyze verify', async () => {
  const unit = readFileSync(join(deploy, 'camwatch-agent.service'), 'utf8');
  for (const line of [
    'ExecStart=/opt/camwatch-agent/node/bin/node /opt/camwatch-agent/lib/camwatch-agent.mjs',
    'Restart=always',
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    'StateDirectory=camwatch-agent',
    'KillSignal=SIGTERM',
    'User=camwatch-agent',
  ])
    expect(unit).toContain(line);
  const verify = await run('systemd-analyze', ['verify', join(deploy, 'camwatch-agent.service')]).then(
    () => '',
    (err: { stderr: string }) => err.stderr,
  );
  // The unit names a user and paths of the packaged box; only syntax problems count here (package-install.test.ts verifies it installed).
  expect(verify.split('\n').filter((l) => /Unknown (key|section)|Invalid|Failed to parse/i.test(l))).toEqual([]);
});
