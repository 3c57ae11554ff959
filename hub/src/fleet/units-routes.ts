import { UnitsResponse } from '@camwatch/config';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';

const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['map'],
        summary: 'My units (with ancestors for breadcrumbs), camera counts by status and 7-day uptime',
        response: { 200: UnitsResponse, ...errorResponses },
      },
    },
    async (request) => ({ units: await ctx.fleetQuery.unitSummaries(principalOf(request).scope) }),
  );
};

export default routes;
