import { Type } from '@sinclair/typebox';
import { AuditEntry, AuditQuery } from '@camwatch/config';
import type { RoutePlugin } from '../http/api-context.ts';
import { errorResponses } from '../http/route-helpers.ts';

const AuditList = Type.Object({ items: Type.Array(AuditEntry) }, { additionalProperties: false });

const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['users'],
        summary: 'Audit log, newest first (snapshot views, user, station and credential changes)',
        querystring: AuditQuery,
        response: { 200: AuditList, ...errorResponses },
      },
    },
    async (request) => ({ items: await ctx.audit.list(request.query) }),
  );
};

export default routes;
