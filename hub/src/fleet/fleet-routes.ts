import { FleetBudget, FleetVersions } from '@camwatch/config';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';

const tags = ['stations'];

const routes: RoutePlugin = async (app, { ctx }) => {
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
    async (request) => ctx.fleetVersions.summary(principalOf(request).scope),
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
    async (request) => ctx.budget.short(principalOf(request).scope),
  );
};

export default routes;
