import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built dashboard at `/`. The hub does not import the dashboard package (parts depend
 * only on config); whoever starts the hub passes the folder (DASHBOARD_DIR, or `pnpm start`).
 * Unknown non-API paths get index.html, so a reload on a client-side route still works.
 */
export function dashboardStatic(dir: string) {
  return async (app: FastifyInstance): Promise<void> => {
    if (!existsSync(join(dir, 'index.html'))) {
      app.log.warn({ dir }, 'no built dashboard in DASHBOARD_DIR; serving the API only');
      return;
    }
    await app.register(fastifyStatic, {
      root: dir,
      wildcard: false,
      index: ['index.html'],
      cacheControl: false,
      // Vite's assets carry a content hash in their name and never change; index.html names the
      // current ones and must be revalidated, or a rebuild (which deletes old assets) breaks browsers.
      setHeaders: (res, path) =>
        res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
    app.setNotFoundHandler((request, reply) => {
      if (request.method !== 'GET' || request.url.startsWith('/api/') || request.url === '/metrics') {
        return reply.code(404).send({ code: 'CW_ERR_NOT_FOUND', message: 'not found' });
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  };
}
