import { Type } from '@sinclair/typebox';
import { Investigation, InvestigationQuery } from '@camwatch/config';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { InvestigationInputError } from './investigation-geometry.ts';
import { InvestigationAreaError, type InvestigationFormat } from './investigation-service.ts';
import { investigationCsv } from './investigation-csv.ts';
import { investigationHtml } from './investigation-html.ts';

const tags = ['investigations'];
const config = { permission: 'investigation.run' } as const;
const text = (description: string) => Type.Unsafe<string>({ type: 'string', description });

/**
 * "Who could have seen it": GET /api/investigations?route=lat,lon[;lat,lon…]&from=&to= as JSON,
 * as a printable A4 page for the case file, and as CSV. A GET, so that the printed page and the
 * CSV are plain links; each answer is audited by the service.
 */
const routes: RoutePlugin = async (app, { ctx }) => {
  async function investigate(request: FastifyRequest, query: InvestigationQuery, format: InvestigationFormat) {
    try {
      return await ctx.investigations.run(principalOf(request), query, format, request.ip);
    } catch (err) {
      if (err instanceof InvestigationInputError) throw ApiError.validation([{ path: err.path, message: err.message }]);
      if (err instanceof InvestigationAreaError) throw ApiError.forbidden(err.message);
      throw err;
    }
  }

  app.get(
    '/',
    {
      config,
      schema: {
        tags,
        summary:
          'Programme cameras whose view covers a point or a short route, with their status over the window and snapshots either side',
        querystring: InvestigationQuery,
        response: { 200: Investigation, ...errorResponses },
      },
    },
    async (request) => investigate(request, request.query, 'json'),
  );

  app.get(
    '/print.html',
    {
      config,
      schema: {
        tags,
        summary: 'The same answer as a printable A4 page for the case file (Vietnamese; lang=en for English)',
        querystring: InvestigationQuery,
        response: { 200: text('text/html'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const r = await investigate(request, request.query, 'html');
      const p = principalOf(request);
      return reply
        .type('text/html; charset=utf-8')
        .send(investigationHtml(r, request.query.lang ?? 'vi', ctx.deps.config.provinceName, p.displayName || p.username));
    },
  );

  app.get(
    '/export.csv',
    {
      config,
      schema: {
        tags,
        summary: 'The same answer as CSV, one row per camera (Vietnamese headers; lang=en for English)',
        querystring: InvestigationQuery,
        response: { 200: text('text/csv'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const r = await investigate(request, request.query, 'csv');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="investigation-${r.from}-${r.to}.csv"`)
        .send(investigationCsv(r, request.query.lang ?? 'vi'));
    },
  );
};

export default routes;
