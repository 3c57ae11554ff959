import { AimFlagBody, CameraIdParams, OkBody } from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { orRefused } from '../http/refusal-error.ts';

const tags = ['cameras'];

/** A camera flagged as aimed wrongly since installation: set or cleared by a person in the camera's area. */
const routes: RoutePlugin = async (app, { ctx }) => {
  app.put(
    '/:id/aim-flag',
    {
      config: { permission: 'camera.flag' },
      schema: {
        tags,
        summary: 'Flag a camera as aimed wrongly since installation (audited)',
        params: CameraIdParams,
        body: AimFlagBody,
        response: { 200: OkBody, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const c = orRefused(await ctx.fleetQuery.cameraInScope(p.scope, request.params.id));
      await ctx.aimFlags.flag({ actor: p, ip: request.ip }, c.id, request.body.note.trim());
      return { ok: true as const };
    },
  );

  app.delete(
    '/:id/aim-flag',
    {
      config: { permission: 'camera.flag' },
      schema: {
        tags,
        summary: "Clear a camera's aim flag (audited)",
        params: CameraIdParams,
        response: { 200: OkBody, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const c = orRefused(await ctx.fleetQuery.cameraInScope(p.scope, request.params.id));
      if (!(await ctx.aimFlags.clear({ actor: p, ip: request.ip }, c.id))) throw ApiError.notFound(`aim flag of camera ${c.id}`);
      return { ok: true as const };
    },
  );
};

export default routes;
