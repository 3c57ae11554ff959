import { RepairQueue } from '@camwatch/config';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';

/** The repair queue (see RepairQueueService). */
const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['lists'],
        summary: 'Cameras down and stations offline in my area, longest outage first',
        response: { 200: RepairQueue, ...errorResponses },
      },
    },
    async (request) => ({ items: await ctx.repairQueue.list(principalOf(request)) }),
  );
};

export default routes;
