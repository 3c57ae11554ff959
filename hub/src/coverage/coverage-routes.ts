import { CoverageQuery, RoadCoverageReport, UnitRoadCoverageList } from '@camwatch/config';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { orRefused } from '../http/refusal-error.ts';

const tags = ['coverage'];

const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/roads',
    {
      schema: {
        tags,
        summary: 'Road coverage in my area (or a unit of it): per road, km seen by working programme cameras, by any camera, and the gaps',
        querystring: CoverageQuery,
        response: { 200: RoadCoverageReport, ...errorResponses },
      },
    },
    async (request) => orRefused(await ctx.coverage.roads(principalOf(request), request.query.unitId)),
  );

  app.get(
    '/units',
    {
      schema: {
        tags,
        summary: 'Share of road length covered by working programme cameras, per unit of my area (the map choropleth)',
        querystring: CoverageQuery,
        response: { 200: UnitRoadCoverageList, ...errorResponses },
      },
    },
    async (request) => orRefused(await ctx.coverage.units(principalOf(request), request.query.unitId)),
  );
};

export default routes;
