import { FleetBudget, FleetVersions } from '@camwatch/config';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { AgentVersionRepository } from './agent-version-repository.ts';
import { BudgetRepository } from './budget-repository.ts';
import { BudgetService } from './budget-service.ts';
import { summarizeVersions } from './fleet-versions.ts';

const tags = ['stations'];

const routes: RoutePlugin = async (app, { ctx }) => {
  const versions = new AgentVersionRepository(ctx.deps.db);
  const budget = new BudgetService(new BudgetRepository(ctx.deps.db));

  app.get(
    '/versions',
    {
      config: { permission: 'fleet.versions' },
      schema: {
        tags,
        summary: 'Agent versions in my area: stations per version, and those behind the newest or never reported',
        response: { 200: FleetVersions, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const [area, fleet] = await Promise.all([versions.stations(p.scope), versions.fleetVersions()]);
      return summarizeVersions(area, fleet);
    },
  );

  app.get(
    '/budget',
    {
      config: { permission: 'read' },
      schema: {
        tags,
        summary: 'Stations in my area over their daily byte budget, or projected over it or down to on-change snapshots',
        response: { 200: FleetBudget, ...errorResponses },
      },
    },
    async (request) => budget.short(principalOf(request).scope),
  );
};

export default routes;
