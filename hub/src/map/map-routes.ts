import { MapPayload } from '@camwatch/config';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { buildMapPayload } from './map-payload.ts';
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
    async (request) => {
      const { scope } = principalOf(request);
      const [units, stations, cameras, signs] = await Promise.all([
        ctx.fleet.units(),
        ctx.fleet.stations(scope),
        ctx.fleet.cameras(scope),
        ctx.fleet.roadSigns(scope),
      ]);
      return buildMapPayload(units, stations, cameras, signs, Date.now());
    },
  );
};

export default routes;
