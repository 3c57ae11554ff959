import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../http-deps.ts';

declare module 'fastify' {
  interface FastifyInstance {
    hub: HttpDeps;
  }
}

/** Makes the hub's dependencies available to every route as `app.hub` (registered before the routes). */
export function hubContext(app: FastifyInstance, deps: HttpDeps): void {
  app.decorate('hub', deps);
}
