import type { FastifyRequest } from 'fastify';
import { LoginRequest, Me, OkBody, TokenResponse } from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { ApiContext, RoutePlugin } from '../http/api-context.ts';
import { meOf, type LoginResult } from './auth-service.ts';
import { SESSION_COOKIE, tokenOf } from './auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { reachedOverHttps } from '../http/plugins/transport-security.ts';
import { loginLimiter } from './login-limiter.ts';

async function attempt(ctx: ApiContext, request: FastifyRequest & { body: LoginRequest }): Promise<Extract<LoginResult, { ok: true }>> {
  const result = await ctx.auth.login(request.body.username, request.body.password, request.ip);
  ctx.metrics.logins.inc({ result: result.ok ? 'ok' : result.reason });
  if (!result.ok) {
    request.log.info({ username: request.body.username, reason: result.reason }, 'login refused');
    throw new ApiError('CW_ERR_BAD_CREDENTIALS');
  }
  return result;
}

/**
 * The session cookie's flags. HttpOnly: scripts never see the token. SameSite=Strict: the
 * dashboard is one page on the hub's own origin (hash routes, same-origin fetches), so no flow
 * needs the cookie on a request started by another site. Secure whenever the browser reached us
 * over HTTPS (the hub's own TLS, or X-Forwarded-Proto from a TRUST_PROXY proxy), or always with
 * SECURE_COOKIES=1 (a proxy that does not say); not over plain HTTP, where the browser would drop it.
 */
function sessionCookie(ctx: ApiContext, request: FastifyRequest) {
  return { httpOnly: true, sameSite: 'strict' as const, secure: ctx.deps.config.secureCookies || reachedOverHttps(request), path: '/' };
}

const routes: RoutePlugin = async (app, { ctx }) => {
  const schemaBase = { tags: ['auth'], response: { ...errorResponses } };
  // One budget for both sign-in routes: two routes must not mean twice the guesses.
  const limit = loginLimiter(app, ctx);

  app.post(
    '/login',
    {
      config: { public: true },
      preHandler: limit,
      schema: {
        ...schemaBase,
        summary: 'Sign in (browser): sets the HttpOnly session cookie',
        body: LoginRequest,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const r = await attempt(ctx, request);
      reply.setCookie(SESSION_COOKIE, r.token, { ...sessionCookie(ctx, request), expires: new Date(r.expiresAt) });
      return meOf(r.principal);
    },
  );

  app.post(
    '/token',
    {
      config: { public: true },
      preHandler: limit,
      schema: {
        ...schemaBase,
        summary: 'Sign in (scripts): answers a Bearer token',
        body: LoginRequest,
        response: { 200: TokenResponse, ...errorResponses },
      },
    },
    async (request) => {
      const r = await attempt(ctx, request);
      return { token: r.token, expiresAt: r.expiresAt };
    },
  );

  app.post(
    '/logout',
    {
      config: { public: true },
      schema: { ...schemaBase, summary: 'End the session (cookie or bearer)', response: { 200: OkBody, ...errorResponses } },
    },
    async (request, reply) => {
      const token = tokenOf(request);
      if (token) await ctx.auth.logout(token);
      reply.clearCookie(SESSION_COOKIE, sessionCookie(ctx, request));
      return { ok: true as const };
    },
  );
};

export default routes;
