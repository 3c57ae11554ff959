import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { scopeHasUnit } from '../auth/scope.ts';
import { errorResponses } from '../http/route-helpers.ts';

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
      const p = principalOf(request);
      const claim = await ctx.snapshotLinks.verify(request.params.token);
      if (claim === 'expired') throw new ApiError('CW_ERR_LINK_EXPIRED', 'snapshot link expired; reload the page');
      if (claim === 'invalid' || claim.userId !== p.userId) throw ApiError.notFound('snapshot');
      const snap = await ctx.snapshotsRead.byId(claim.snapshotId);
      if (!snap || !scopeHasUnit(p.scope, snap.unitId)) throw ApiError.notFound('snapshot');
      const path = ctx.deps.snapshots.pathOf(snap.sha256);
      const size = (
        await stat(path).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') throw ApiError.notFound('snapshot file');
          throw err;
        })
      ).size;
      await ctx.audit.record({
        actor: p,
        action: 'snapshot.view',
        targetKind: 'camera',
        targetId: snap.cameraId,
        detail: { snapshotId: snap.id, takenAt: snap.ts },
        ip: request.ip,
      });
      ctx.metrics.snapshotViews.inc();
      return reply
        .type('image/jpeg')
        .header('content-length', size)
        .header('cache-control', `private, max-age=${Math.max(0, Math.floor((claim.expiresAt - Date.now()) / 1000))}`)
        .header('x-content-type-options', 'nosniff')
        .send(createReadStream(path));
    },
  );
};

export default routes;
