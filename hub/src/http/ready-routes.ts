import { Type } from '@sinclair/typebox';
import { ApiError } from './api-error.ts';
import type { RoutePlugin } from './api-context.ts';
import { errorResponses } from './route-helpers.ts';

const Ready = Type.Object({ ok: Type.Literal(true), checks: Type.Record(Type.String(), Type.String()) }, { additionalProperties: false });

/** Readiness for load balancers: 200 only when the database answers and the hub's own checks pass. */
const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/',
    {
      config: { public: true },
      schema: { tags: ['meta'], summary: 'Readiness: database reachable and the hub started', response: { 200: Ready, ...errorResponses } },
    },
    async (request) => {
      const checks: Record<string, string> = {};
      try {
        await ctx.health.ping();
        checks.database = 'ok';
      } catch (err) {
        request.log.warn({ err }, 'readiness: database unreachable');
        throw new ApiError('CW_ERR_UNAVAILABLE', 'database unreachable');
      }
      if (ctx.deps.ready) {
        const r = await ctx.deps.ready();
        if (!r.ok) throw new ApiError('CW_ERR_UNAVAILABLE', `not ready: ${r.detail}`);
        checks.hub = r.detail;
      }
      return { ok: true as const, checks };
    },
  );
};

export default routes;
