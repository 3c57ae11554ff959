import type { FastifyInstance } from 'fastify';
import { createApiContext, type ApiContext } from '../../src/http/api-context.ts';
import type { ApiDeps } from '../../src/http/api-deps.ts';
import { apiPlugin } from '../../src/http/api-plugin.ts';
import { LiveFeed } from '../../src/live/live-feed.ts';

export interface MountOptions {
  /** Live feed poll period; null: no feed (tests that drive one themselves). */
  liveFeedPollMs: number | null;
  liveFeedSafetyPollMs?: number;
}

/**
 * The API as the composition root mounts it (hub-api.ts), from parts a test built: the context,
 * the thin plugin under /api, and the live feed, stopped when the app closes. The database must be
 * migrated already (test/support/databases.ts does).
 */
export async function mountApi(app: FastifyInstance, deps: ApiDeps, opts: MountOptions): Promise<ApiContext> {
  const ctx = createApiContext(deps);
  await app.register(apiPlugin, { prefix: '/api', ctx });
  if (opts.liveFeedPollMs !== null) {
    const feed = new LiveFeed(deps.db, deps.live, deps.logger.child({ part: 'live-feed' }), {
      pollMs: opts.liveFeedPollMs,
      ...(opts.liveFeedSafetyPollMs === undefined ? {} : { safetyPollMs: opts.liveFeedSafetyPollMs }),
    });
    await feed.start();
    app.addHook('onClose', () => feed.stop());
  }
  return ctx;
}
