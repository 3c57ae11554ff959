import { ChangePasswordBody, Me, OkBody, UpdateMeBody } from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { meOf } from './auth-service.ts';
import { principalOf } from './auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';

const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/',
    {
      schema: { tags: ['auth'], summary: 'Who am I: role, units, session expiry', response: { 200: Me, ...errorResponses } },
    },
    async (request) => meOf(principalOf(request)),
  );

  app.patch(
    '/',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my preferences (language of the dashboard and exports)',
        body: UpdateMeBody,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      await ctx.users.setLanguage(p.userId, request.body.language);
      return meOf({ ...p, language: request.body.language });
    },
  );

  app.post(
    '/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my password (ends every session)',
        body: ChangePasswordBody,
        response: { 200: OkBody, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { currentPassword, newPassword } = request.body;
      if (!(await ctx.users.changeOwnPassword({ actor: p, ip: request.ip }, currentPassword, newPassword)))
        throw new ApiError('CW_ERR_BAD_CREDENTIALS', 'current password is wrong');
      return { ok: true as const };
    },
  );
};

export default routes;
