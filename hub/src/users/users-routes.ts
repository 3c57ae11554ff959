import { Type } from '@sinclair/typebox';
import { CreateUserBody, UpdateUserBody, User, UserIdParams } from '@camwatch/config';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import type { UserRow } from './users-service.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { orRefused } from '../http/refusal-error.ts';

const UserList = Type.Object({ items: Type.Array(User) }, { additionalProperties: false });

function publicUser(u: UserRow): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitIds: u.unitIds,
    disabled: u.disabled,
    createdAt: u.createdAt,
    lastLoginAt: u.lastLoginAt,
  };
}

const routes: RoutePlugin = async (app, { ctx }) => {
  const config = { permission: 'users.manage' as const };

  app.get(
    '/',
    { config, schema: { tags: ['users'], summary: 'Users this admin manages', response: { 200: UserList, ...errorResponses } } },
    async (request) => ({ items: (await ctx.users.managedBy(principalOf(request))).map(publicUser) }),
  );

  app.post(
    '/',
    { config, schema: { tags: ['users'], summary: 'Create a user', body: CreateUserBody, response: { 200: User, ...errorResponses } } },
    async (request) => publicUser(orRefused(await ctx.users.create({ admin: principalOf(request), ip: request.ip }, request.body))),
  );

  app.patch(
    '/:userId',
    {
      config,
      schema: {
        tags: ['users'],
        summary: 'Change role, units, name, password or disable',
        params: UserIdParams,
        body: UpdateUserBody,
        response: { 200: User, ...errorResponses },
      },
    },
    async (request) =>
      publicUser(orRefused(await ctx.users.update({ admin: principalOf(request), ip: request.ip }, request.params.userId, request.body))),
  );
};

export default routes;
