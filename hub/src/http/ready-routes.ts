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
      const r = await ctx.readiness.check();
      if (r.ok) return { ok: true as const, checks: r.checks };
      if (r.failed === 'hub') throw new ApiError('CW_ERR_UNAVAILABLE', `not ready: ${r.detail}`);
      request.log.warn({ err: r.err }, 'readiness: database unreachable');
      throw new ApiError('CW_ERR_UNAVAILABLE', 'database unreachable');
    },
  );
};

export default routes;
