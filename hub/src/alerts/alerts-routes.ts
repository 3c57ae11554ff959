import { AlertAckRequest, AlertIdParams, AlertItem, AlertsQuery, AlertsResponse } from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { orRefused } from '../http/refusal-error.ts';

const tags = ['alerts'];

const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Alerts in my area, newest first',
        querystring: AlertsQuery,
        response: { 200: AlertsResponse, ...errorResponses },
      },
    },
    async (request) => ({
      items: await ctx.alertService.list(principalOf(request).scope, request.query.state, request.query.limit ?? 200),
    }),
  );

  app.get(
    '/:id',
    {
      schema: { tags, summary: 'One alert in my area', params: AlertIdParams, response: { 200: AlertItem, ...errorResponses } },
    },
    async (request) => {
      const item = await ctx.alertService.item(Number(request.params.id), principalOf(request).scope);
      if (!item) throw ApiError.notFound(`alert ${request.params.id}`);
      return item;
    },
  );

  app.post(
    '/:id/ack',
    {
      config: { permission: 'alert.ack' },
      schema: {
        tags,
        summary: 'Acknowledge an open alert with a comment (notifies the channels)',
        params: AlertIdParams,
        body: AlertAckRequest,
        response: { 200: AlertItem, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const by = { actor: p, scope: p.scope, ip: request.ip };
      return orRefused(await ctx.alertService.acknowledge(by, Number(request.params.id), request.body.comment));
    },
  );
};

export default routes;
