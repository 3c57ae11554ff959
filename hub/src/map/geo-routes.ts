import { Type } from '@sinclair/typebox';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { GeoFiles } from './geo-files.ts';
import { errorResponses } from '../http/route-helpers.ts';

// The collections are large and already JSON: they are sent as text, not re-serialised against the schema.
const geoResponse = {
  200: Type.Unsafe<string>({ type: 'object', description: 'GeoJSON FeatureCollection (schema GeoFeatureCollection in config)' }),
  ...errorResponses,
};

const routes: RoutePlugin = async (app, { ctx }) => {
  const files = new GeoFiles(ctx.deps.config.geoDir);

  app.get(
    '/units',
    {
      schema: { tags: ['map'], summary: 'Outlines of my units (GeoJSON, properties.id = unit id)', response: geoResponse },
    },
    async (request, reply) => {
      const { scope } = principalOf(request);
      const features = (await files.features('units')).filter((f) => scope.all || scope.units.has(String(f.properties.id)));
      return reply.type('application/json; charset=utf-8').send(JSON.stringify({ type: 'FeatureCollection', features }));
    },
  );

  app.get(
    '/roads',
    {
      schema: { tags: ['map'], summary: 'Roads of the province (GeoJSON LineStrings), for maps without tiles', response: geoResponse },
    },
    async (_request, reply) => {
      return reply
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ type: 'FeatureCollection', features: await files.features('roads') }));
    },
  );
};

export default routes;
