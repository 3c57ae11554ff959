import { MapPayload } from '@camwatch/config';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';

const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['map'],
        summary: 'Every station and camera in my area, columnar (see MapPayload)',
        response: { 200: MapPayload, ...errorResponses },
      },
    },
    async (request) => ctx.fleetQuery.map(principalOf(request).scope, Date.now()),
  );
};

export default routes;
