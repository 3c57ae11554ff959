import { CreateMaintenanceBody, MaintenanceIdParams, MaintenanceList, MaintenanceQuery, MaintenanceWindow, OkBody } from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { orRefused } from '../http/refusal-error.ts';

const tags = ['maintenance'];

/** Maintenance windows: planned work on a station or a whole unit; neither downtime nor alerts. */
const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Maintenance windows in my area',
        querystring: MaintenanceQuery,
        response: { 200: MaintenanceList, ...errorResponses },
      },
    },
    async (request) => ({ items: await ctx.maintenance.list(principalOf(request).scope, request.query) }),
  );

  app.post(
    '/',
    {
      config: { permission: 'maintenance.write' },
      schema: {
        tags,
        summary: 'Plan maintenance for a station or a unit',
        body: CreateMaintenanceBody,
        response: { 200: MaintenanceWindow, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return orRefused(await ctx.maintenance.create({ actor: p, scope: p.scope, ip: request.ip }, request.body));
    },
  );

  app.delete(
    '/:id',
    {
      config: { permission: 'maintenance.write' },
      schema: { tags, summary: 'Cancel a maintenance window', params: MaintenanceIdParams, response: { 200: OkBody, ...errorResponses } },
    },
    async (request) => {
      const p = principalOf(request);
      if (!(await ctx.maintenance.cancel({ actor: p, scope: p.scope, ip: request.ip }, request.params.id)))
        throw ApiError.notFound(`maintenance window ${request.params.id}`);
      return { ok: true as const };
    },
  );
};

export default routes;
