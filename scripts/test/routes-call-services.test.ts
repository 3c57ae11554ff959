import { describe, expect, it } from 'vitest';
import { lintRule } from './lint-rule-helpers.ts';

/** The repository's own lint configuration, run on small sources placed in the hub. */
const { messagesFor: ruleErrors, messagesIn } = lintRule('hub/routes-call-services');

const BYPASS = [
  "import { MaintenanceRepository } from './maintenance-repository.ts';",
  "import type { UserRow } from '../users/user-repository.ts';",
  'export const f = async (ctx: { deps: { db: unknown }; audit: { record(r: unknown): Promise<void> } }) => {',
  '  new MaintenanceRepository(ctx.deps.db as never);',
  '  await ctx.audit.record({});',
  '};',
  'export type U = UserRow;',
  '',
].join('\n');

describe('hub routes call services (pnpm run lint)', () => {
  it('refuses a repository import, the database handle and an inline audit entry in a route', async () => {
    const errors = await ruleErrors('hub/src/maintenance/maintenance-routes.ts', BYPASS);
    expect(errors).toHaveLength(4);
    expect(errors.filter((e) => e.includes('imports'))).toEqual([
      "a route imports ./maintenance-repository.ts: call this feature's service instead (a service may re-export its row types)",
      "a route imports ../users/user-repository.ts: call this feature's service instead (a service may re-export its row types)",
    ]);
    expect(errors).toContain('a route uses the database handle: move the work into a service');
    expect(errors).toContain('a route writes the audit log: the service records it in the same transaction as the change');
  });

  it('allows the same code in a service', async () => {
    expect(await ruleErrors('hub/src/maintenance/maintenance-service.ts', BYPASS)).toEqual([]);
  });

  it('passes on the hub as it is', async () => {
    expect(await messagesIn('hub/src')).toEqual([]);
  });
});
