import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import { installAuthHook } from '../auth/auth-hook.ts';
import { ApiError } from './api-error.ts';
import type { ApiContext } from './api-context.ts';
import { installErrorHandler } from './error-handler.ts';
import { documentRoute } from './openapi-document.ts';
import { registerApiRoutes } from './routes.ts';
import { typeBoxValidatorCompiler } from './type-provider.ts';

export interface ApiPluginOptions {
  /** The services the routes call, built by the composition root (`composeHubApi`). */
  ctx: ApiContext;
}

/**
 * The HTTP API under /api (register with `{ prefix: '/api' }`): third-party plugins first
 * (cookies, rate limits, OpenAPI), then the app's hooks (errors, auth), then the routes. It builds
 * and starts nothing: migrations, the first admin, the alert engine and the live feed belong to the
 * composition root (hub.ts, hub-api.ts).
 */
export const apiPlugin: FastifyPluginAsync<ApiPluginOptions> = async (app, opts) => {
  const { ctx } = opts;

  app.setValidatorCompiler(typeBoxValidatorCompiler);
  installErrorHandler(app, ctx.metrics);
  // Big reads (/api/map is megabytes at province scale) go out gzip or br when the client accepts it.
  // The live stream writes to the socket itself (hijacked), so compression never buffers it.
  await app.register(compress, { global: true, encodings: ['br', 'gzip'], threshold: 1024 });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, c) => new ApiError('CW_ERR_RATE_LIMITED', `too many attempts, retry in ${c.after}`),
  });
  await app.register(swagger, {
    // TypeBox writes JSON Schema 2020-12 (numeric exclusiveMinimum, type 'null'): the document says 3.1, which is that.
    transform: documentRoute,
    openapi: {
      openapi: '3.1.0',
      // Relative: the document describes whichever hub serves it, behind any proxy.
      servers: [{ url: '/', description: 'the hub serving this document' }],
      info: {
        title: 'camwatch hub API',
        version: '1',
        description:
          'Street-camera health for commune police and province staff. Every route except the public ones needs a session (cookie `cw_session` or `Authorization: Bearer`).',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'cw_session' } },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  // The docs pages are public like the OpenAPI document: they describe the API, they hold no data.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(`${app.prefix}/docs`)) route.config = { ...route.config, public: true };
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  installAuthHook(app, ctx.auth);
  await registerApiRoutes(app, ctx);
};
