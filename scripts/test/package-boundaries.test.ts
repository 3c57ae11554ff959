import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { lintRule, REPO_ROOT as root } from './lint-rule-helpers.ts';

/** The repository's own lint configuration, run on small sources placed in each package. */
const { messagesFor: boundaryErrors } = lintRule('camwatch/package-boundaries');

describe('package boundaries (pnpm run lint)', () => {
  it('refuses a deep import into another package', async () => {
    const errors = await boundaryErrors('scripts/src/deep.ts', "import { PgDb } from '@camwatch/hub/db/pg-db';\nexport const x = PgDb;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/not an entry point of @camwatch\/hub; use one of: @camwatch\/hub, @camwatch\/hub\/testing/);
  });

  it('refuses a relative import into another package, its test/ folder included', async () => {
    const errors = await boundaryErrors(
      'scripts/src/bench/x.ts',
      "import { RtspTestServer } from '../../../edge-agent/test/fixtures/rtsp-test-server.ts';\nexport const x = RtspTestServer;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/leaves scripts\/ for edge-agent\//);
  });

  it('keeps the direction: the hub may not use the agent, and the test kit only in tests', async () => {
    expect(await boundaryErrors('hub/src/x.ts', "export { startAgentCore } from '@camwatch/edge-agent';\n")).toHaveLength(1);
    expect(await boundaryErrors('config/src/x.ts', "export { createHub } from '@camwatch/hub';\n")).toHaveLength(1);
    expect(await boundaryErrors('hub/src/x.ts', "export { freePort } from '@camwatch/testkit';\n")).toHaveLength(1);
    expect(await boundaryErrors('hub/test/x.ts', "export { freePort } from '@camwatch/testkit';\n")).toEqual([]);
  });

  it('accepts named entry points, dynamic imports included, and relative imports inside a package', async () => {
    expect(
      await boundaryErrors(
        'dashboard/src/x.ts',
        "export { worstOf } from '@camwatch/config/domain';\nexport { Language } from '@camwatch/config/api';\n",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors('edge-agent/src/runtime/x.ts', "export { loadAgentConfig } from '../config/load-agent-config.ts';\n"),
    ).toEqual([]);
    expect(await boundaryErrors('scripts/src/x.ts', "export const hub = () => import('@camwatch/hub/testing');\n")).toEqual([]);
    expect(await boundaryErrors('scripts/src/x.ts', "export const hub = () => import('@camwatch/hub/db/migrate');\n")).toHaveLength(1);
  });

  it('no package exports a wildcard', async () => {
    for (const dir of ['config', 'edge-agent', 'hub', 'dashboard', 'scripts', 'testkit']) {
      const pkg = JSON.parse(await readFile(`${root}${dir}/package.json`, 'utf8')) as { exports?: Record<string, string> };
      for (const key of Object.keys(pkg.exports ?? {})) expect(key, `${dir}/package.json`).not.toContain('*');
    }
  });
});
