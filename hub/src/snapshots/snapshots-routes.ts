import { createReadStream } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { orRefused } from '../http/refusal-error.ts';

const TokenParams = Type.Object({ token: Type.String({ maxLength: 300 }) }, { additionalProperties: false });

/**
 * The image behind a signed snapshot URL. It needs the URL *and* the session of the user it
 * was signed for, and the camera must still be in that user's area; every view is audited.
 */
const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/:token',
    {
      config: { permission: 'snapshot.view' },
      schema: {
        tags: ['cameras'],
        summary: 'JPEG of a snapshot (URL from the API only; audited)',
        params: TokenParams,
        response: { 200: { description: 'image/jpeg', type: 'string', format: 'binary' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const opened = await ctx.snapshotViews.open({ actor: principalOf(request), ip: request.ip }, request.params.token);
      if (opened === 'expired') throw new ApiError('CW_ERR_LINK_EXPIRED', 'snapshot link expired; reload the page');
      const { path, size, linkExpiresAt } = orRefused(opened);
      ctx.metrics.snapshotViews.inc();
      return reply
        .type('image/jpeg')
        .header('content-length', size)
        .header('cache-control', `private, max-age=${Math.max(0, Math.floor((linkExpiresAt - Date.now()) / 1000))}`)
        .header('x-content-type-options', 'nosniff')
        .send(createReadStream(path));
    },
  );
};

export default routes;
