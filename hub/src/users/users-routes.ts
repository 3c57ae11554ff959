import { Type } from '@sinclair/typebox';
import { CreateUserBody, UpdateUserBody, User, UserIdParams } from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { ApiContext, RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import type { Principal } from '../auth/auth-service.ts';
import { hashPassword } from '../auth/password-hasher.ts';
import { scopeHasUnit } from '../auth/scope.ts';
import type { UserRow } from './user-repository.ts';
import { errorResponses } from '../http/route-helpers.ts';

const UserList = Type.Object({ items: Type.Array(User) }, { additionalProperties: false });

/** An admin may only hand out units inside their own area, and only units that exist. */
async function checkUnits(ctx: ApiContext, admin: Principal, unitIds: readonly string[]): Promise<void> {
  const existing = await ctx.auth.users.existingUnits(unitIds);
  const bad = unitIds.filter((u) => !existing.has(u) || !scopeHasUnit(admin.scope, u));
  if (bad.length) throw ApiError.validation(bad.map((u) => ({ path: 'body/unitIds', message: `unknown unit ${u}` })));
}

/** Users an admin manages: everyone for a whole-province admin, else users wholly inside their area. */
function manages(admin: Principal, user: UserRow): boolean {
  if (admin.scope.all) return true;
  return user.unitIds.length > 0 && user.unitIds.every((u) => scopeHasUnit(admin.scope, u));
}

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
    async (request) => {
      const admin = principalOf(request);
      return { items: (await ctx.auth.users.list()).filter((u) => manages(admin, u)).map(publicUser) };
    },
  );

  app.post(
    '/',
    { config, schema: { tags: ['users'], summary: 'Create a user', body: CreateUserBody, response: { 200: User, ...errorResponses } } },
    async (request) => {
      const admin = principalOf(request);
      const b = request.body;
      if (b.unitIds.length === 0 && !admin.scope.all)
        throw ApiError.validation([{ path: 'body/unitIds', message: 'give at least one unit' }]);
      if (b.unitIds.length === 0 && !['province_admin', 'province_viewer'].includes(b.role))
        throw ApiError.validation([{ path: 'body/unitIds', message: `a ${b.role} user needs at least one unit` }]);
      await checkUnits(ctx, admin, b.unitIds);
      const user = await ctx.auth.users.create({
        username: b.username,
        displayName: b.displayName,
        role: b.role,
        unitIds: b.unitIds,
        passwordHash: await hashPassword(b.password),
      });
      await ctx.audit.record({
        actor: admin,
        action: 'user.create',
        targetKind: 'user',
        targetId: user.id,
        detail: { username: user.username, role: user.role, unitIds: user.unitIds },
        ip: request.ip,
      });
      return publicUser(user);
    },
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
    async (request) => {
      const admin = principalOf(request);
      const existing = await ctx.auth.users.byId(request.params.userId);
      if (!existing || !manages(admin, existing)) throw ApiError.notFound('user');
      const b = request.body;
      if (existing.id === admin.userId && (b.disabled || (b.role && b.role !== 'province_admin')))
        throw ApiError.conflict('you cannot disable or demote yourself');
      const role = b.role ?? existing.role;
      const unitIds = b.unitIds ?? existing.unitIds;
      if (unitIds.length === 0 && !['province_admin', 'province_viewer'].includes(role))
        throw ApiError.validation([{ path: 'body/unitIds', message: `a ${role} user needs at least one unit` }]);
      if (b.unitIds) await checkUnits(ctx, admin, b.unitIds);
      const updated = await ctx.auth.users.update(existing.id, {
        ...b,
        ...(b.password ? { passwordHash: await hashPassword(b.password) } : {}),
      });
      if (!updated) throw ApiError.notFound('user');
      const { password: _pw, ...changes } = b;
      await ctx.audit.record({
        actor: admin,
        action: 'user.update',
        targetKind: 'user',
        targetId: existing.id,
        detail: { ...changes, passwordChanged: Boolean(b.password) },
        ip: request.ip,
      });
      return publicUser(updated);
    },
  );
};

export default routes;
