import { UnitsResponse } from '@camwatch/config';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { unitSummaries } from './unit-summary.ts';
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
    async (request) => {
      const { scope } = principalOf(request);
      const [units, stations, cameras] = await Promise.all([ctx.fleet.units(), ctx.fleet.stations(scope), ctx.fleet.cameras(scope)]);
      const wanted = units.filter((u) => scope.all || scope.units.has(u.id)).map((u) => u.id);
      const uptime = await ctx.unitUptime.get(units, wanted);
      return { units: unitSummaries(units, scope, stations, cameras, uptime) };
    },
  );
};

export default routes;
