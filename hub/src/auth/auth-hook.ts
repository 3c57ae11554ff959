import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { AuthService, Principal } from './auth-service.ts';

export const SESSION_COOKIE = 'cw_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** No session needed (login, public config, provisioning). */
    public?: boolean;
    /** What the route requires; `read` when not given. */
    permission?: Permission;
  }
}

/** The token from `Authorization: Bearer …` or, for browsers, the HttpOnly session cookie. */
export function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return request.cookies?.[SESSION_COOKIE] ?? null;
}

/** The principal, for handlers of routes that are not public (the hook has already checked it). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError('CW_ERR_UNAUTHENTICATED');
  return request.principal;
}

/**
 * Every route is authenticated and permission-checked here, before its body is even read,
 * unless it says `config: { public: true }`. A route cannot forget to check: the default is
 * "signed in, may read", and scope is applied by the services from `request.principal.scope`.
 */
export function installAuthHook(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.public || request.is404) return;
    const token = tokenOf(request);
    const principal = token ? await auth.authenticate(token) : null;
    if (!principal) throw new ApiError('CW_ERR_UNAUTHENTICATED');
    const needed = config.permission ?? 'read';
    if (!principal.permissions.has(needed)) throw new ApiError('CW_ERR_FORBIDDEN', `role ${principal.role} may not ${needed}`);
    request.principal = principal;
    request.log = request.log.child({ user: principal.username });
  });
}
