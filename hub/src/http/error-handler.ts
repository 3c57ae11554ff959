import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@camwatch/config';
import { ApiError, type Issue } from './api-error.ts';
import type { ApiMetrics } from './api-metrics.ts';
import { UptimeQueryError } from '../uptime/index.ts';
import { ConflictError } from '../db/conflict-error.ts';

/** fastify's own client errors, mapped onto the registry. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'CW_ERR_BAD_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'CW_ERR_BAD_BODY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'CW_ERR_BAD_BODY',
  FST_ERR_CTP_BODY_TOO_LARGE: 'CW_ERR_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'CW_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'CW_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_VALIDATION: 'CW_ERR_VALIDATION',
};

/** PostgreSQL unreachable or shutting down: the client may retry, nothing is wrong with the request. */
const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '53300']);

function byStatus(status: number): ErrorCode {
  if (status === 401) return 'CW_ERR_UNAUTHENTICATED';
  if (status === 403) return 'CW_ERR_FORBIDDEN';
  if (status === 404) return 'CW_ERR_NOT_FOUND';
  if (status === 409) return 'CW_ERR_CONFLICT';
  if (status === 413) return 'CW_ERR_PAYLOAD_TOO_LARGE';
  if (status === 415) return 'CW_ERR_UNSUPPORTED_MEDIA_TYPE';
  if (status === 429) return 'CW_ERR_RATE_LIMITED';
  return 'CW_ERR_VALIDATION';
}

interface Classified {
  code: ErrorCode;
  message: string;
  issues?: Issue[];
}

export function classifyError(err: FastifyError | ApiError | Error): Classified {
  if (err instanceof ApiError) return { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) };
  if (err instanceof UptimeQueryError) return { code: 'CW_ERR_VALIDATION', message: err.message };
  if (err instanceof ConflictError) return { code: 'CW_ERR_CONFLICT', message: err.message };
  const e = err as FastifyError & { code?: string };
  const mapped = e.code ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) return { code: mapped, message: e.message };
  if (e.code && UNAVAILABLE.has(e.code)) return { code: 'CW_ERR_UNAVAILABLE', message: ERROR_CODES.CW_ERR_UNAVAILABLE.en };
  const status = e.statusCode ?? 500;
  // fastify's 4xx messages describe the request, never the server; anything else stays private.
  if (status >= 400 && status < 500) return { code: byStatus(status), message: e.message };
  return { code: 'CW_ERR_INTERNAL', message: ERROR_CODES.CW_ERR_INTERNAL.en };
}

export function sendError(reply: FastifyReply, request: FastifyRequest, c: Classified): FastifyReply {
  const status = ERROR_CODES[c.code].status;
  const body: ErrorBody = {
    statusCode: status,
    code: c.code,
    error: ERROR_CODES[c.code].en,
    message: c.message,
    ...(c.issues ? { issues: c.issues } : {}),
    requestId: request.id,
  };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** One error handler for the whole API: logs with context, answers with a registry code, never leaks a 5xx's internals. */
export function installErrorHandler(app: FastifyInstance, metrics: ApiMetrics): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const c = classifyError(err);
    metrics.errors.inc({ code: c.code });
    const status = ERROR_CODES[c.code].status;
    if (status >= 500) request.log.error({ err, url: request.url, method: request.method }, 'request failed');
    else request.log.info({ code: c.code, url: request.url, method: request.method, msg: c.message }, 'request rejected');
    return sendError(reply, request, c);
  });
  app.setNotFoundHandler((request, reply) => {
    metrics.errors.inc({ code: 'CW_ERR_ROUTE_NOT_FOUND' });
    return sendError(reply, request, {
      code: 'CW_ERR_ROUTE_NOT_FOUND',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
    });
  });
}
