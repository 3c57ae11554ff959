import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { HttpDeps } from './http-deps.ts';
import { hubContext } from './plugins/hub-context.ts';
import { registerRoutes } from './routes/index.ts';

export type ExtraPlugin = (app: FastifyInstance) => Promise<void>;

/**
 * The hub's HTTP server. Order: third-party plugins, app plugins (context), routes; `extra`
 * plugins (the full API) register after the hub's own routes.
 */
export async function buildHttpServer(deps: HttpDeps, log: Logger, extra: readonly ExtraPlugin[] = []): Promise<FastifyInstance> {
  // Typed as the default instance so route modules need not know the logger's concrete type.
  const app: FastifyInstance = Fastify({
    loggerInstance: log.child({ component: 'http' }) as FastifyBaseLogger,
    // Per-request lines would drown the ingest logs; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  });
  hubContext(app, deps);
  await registerRoutes(app);
  for (const plugin of extra) await plugin(app);
  return app;
}
