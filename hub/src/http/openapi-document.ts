import type { FastifySchema } from 'fastify';

/**
 * How each route appears in /api/openapi.json, so that tools (Redocly's recommended lint, client
 * generators) accept the document:
 * - no trailing slash: a route registered as '/' under a prefix answers at '/api/alerts' and
 *   '/api/alerts/' alike (fastify's prefixTrailingSlash 'both'); the document names the first;
 * - a stable operationId from method and path (`GET /api/stations/{id}/cameras` →
 *   `getStationsByIdCameras`), unless a route sets its own: it changes only when the route does.
 */
export function documentRoute({ schema, url, route }: { schema: FastifySchema; url: string; route: { method: string | string[] } }): {
  schema: FastifySchema;
  url: string;
} {
  const path = url.length > 1 ? url.replace(/\/+$/, '') : url;
  const method = (Array.isArray(route.method) ? route.method[0]! : route.method).toLowerCase();
  const own = (schema as { operationId?: string } | undefined)?.operationId;
  return { schema: { ...schema, operationId: own ?? operationIdFor(method, path) } as FastifySchema, url: path };
}

export function operationIdFor(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((s) => s && s !== 'api')
    .map((s) => {
      const param = /^\{(.+)\}$/.exec(s) ?? /^:(.+)$/.exec(s);
      return param ? `By${camel(param[1]!)}` : camel(s);
    });
  return method + words.join('');
}

/** `repair-queue` → `RepairQueue`, `openapi.json` → `OpenapiJson`. */
function camel(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
