import { ClientConfig } from '@camwatch/config';
import type { RoutePlugin } from './api-context.ts';
import { errorResponses } from './route-helpers.ts';

const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/',
    {
      config: { public: true },
      schema: {
        tags: ['meta'],
        summary: 'Public settings the login page and map need',
        response: { 200: ClientConfig, ...errorResponses },
      },
    },
    async () => {
      const c = ctx.deps.config;
      return { provinceName: c.provinceName, tileUrl: c.tileUrl, tileAttribution: c.tileAttribution, heartbeatMs: c.heartbeatMs };
    },
  );
};

export default routes;
