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

// A route reading through a repository: handing the context's member to a helper that queries with it.
const HANDED = [
  "import { reportScope } from './report-scope.ts';",
  'export const f = async (ctx: { fleet: unknown; reports: { daily(): Promise<void> } }, p: unknown) => {',
  '  await reportScope(ctx.fleet as never, p as never, {});',
  '  await ctx.reports.daily();',
  '};',
  '',
].join('\n');

// The context handing routes a read repository, directly or under another name.
const CONTEXT = [
  "import type { FleetReadRepository } from '../fleet/fleet-read-repository.ts';",
  "import type { ReportRepository as Reports } from '../reports/report-repository.ts';",
  "import type { ReportService } from '../reports/report-service.ts';",
  'export interface ApiContext {',
  '  fleet: FleetReadRepository;',
  '  reportRows: Reports | null;',
  '  reports: ReportService;',
  '}',
  'export const build = (fleet: FleetReadRepository) => ({ fleet });',
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

  it('refuses a route handing a context member to a helper, not a service call on it', async () => {
    expect(await ruleErrors('hub/src/reports/reports-routes.ts', HANDED)).toEqual([
      'a route hands ctx.fleet to a helper: give the service a method that does this work, and call it',
    ]);
  });

  it('refuses an API context that exposes a read repository to the routes', async () => {
    expect(await ruleErrors('hub/src/http/api-context.ts', CONTEXT)).toEqual([
      'the API context exposes a repository (fleet: FleetReadRepository): routes would read through it; hand them a service',
      'the API context exposes a repository (reportRows: Reports): routes would read through it; hand them a service',
    ]);
    // The same interface elsewhere is not the routes' context.
    expect(await ruleErrors('hub/src/http/other-context.ts', CONTEXT)).toEqual([]);
  });

  it('allows the same code in a service', async () => {
    expect(await ruleErrors('hub/src/maintenance/maintenance-service.ts', BYPASS)).toEqual([]);
    expect(await ruleErrors('hub/src/reports/report-service.ts', HANDED)).toEqual([]);
  });

  it('passes on the hub as it is', async () => {
    expect(await messagesIn('hub/src')).toEqual([]);
  });
});
