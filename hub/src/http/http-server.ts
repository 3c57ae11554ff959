import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ServerOptions as HttpsOptions } from 'node:https';
import type { Logger } from 'pino';
import type { HttpDeps } from './http-deps.ts';
import { hubContext } from './plugins/hub-context.ts';
import { reloadTlsOnSighup, strictTransportSecurity } from './plugins/transport-security.ts';
import { registerHubRoutes } from './routes.ts';
import { readTlsFiles, type TlsFiles } from './tls-files.ts';

export type ExtraPlugin = (app: FastifyInstance) => Promise<void>;

export interface HttpServerOptions {
  /** Serve HTTPS with these PEM files (checked now; reloaded on SIGHUP). */
  https?: TlsFiles;
  /** Reverse proxies whose X-Forwarded-* headers are believed (see trust-proxy.ts); none by default. */
  trustProxy?: readonly string[];
}

/**
 * The hub's HTTP server. Order: third-party plugins, app plugins (context, HSTS), routes; `extra`
 * plugins (the full API) register after the hub's own routes.
 */
export async function buildHttpServer(
  deps: HttpDeps,
  log: Logger,
  extra: readonly ExtraPlugin[] = [],
  options: HttpServerOptions = {},
): Promise<FastifyInstance> {
  const httpLog = log.child({ component: 'http' });
  const tls = options.https ? readTlsFiles(options.https) : null;
  if (tls) {
    httpLog.info({ subject: tls.subject, validTo: tls.validTo }, 'HTTPS certificate loaded');
    if (tls.validTo.getTime() < Date.now())
      httpLog.warn({ validTo: tls.validTo }, 'the HTTPS certificate has expired: browsers will refuse it');
  }
  const https: HttpsOptions | null = tls ? { cert: tls.cert, key: tls.key } : null;
  const fastifyOptions: FastifyServerOptions & { https: HttpsOptions | null } = {
    loggerInstance: httpLog as FastifyBaseLogger,
    // Per-request lines would drown the ingest logs; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    https,
    ...(options.trustProxy?.length ? { trustProxy: [...options.trustProxy] } : {}),
  };
  // Typed as the default (HTTP) instance so route modules need not know whether TLS is on.
  const app = Fastify(fastifyOptions) as unknown as FastifyInstance;
  hubContext(app, deps);
  strictTransportSecurity(app);
  if (options.https) reloadTlsOnSighup(app, options.https, httpLog);
  await registerHubRoutes(app);
  for (const plugin of extra) await plugin(app);
  return app;
}
