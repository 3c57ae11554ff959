import { Type, type Static } from '@sinclair/typebox';
import { UnitId } from '../ids.ts';
import { EpochMs, nullable, strictObject as strict } from './dashboard-common.ts';
import { LanguageValue, UserRoleValue, type UserRole } from './dashboard-auth.ts';

/** Role labels for lists and forms (the roles themselves are USER_ROLES in dashboard-auth.ts). */
export const ROLE_LABELS: Record<UserRole, { vi: string; en: string }> = {
  province_admin: { vi: 'Quản trị tỉnh', en: 'Province admin' },
  province_viewer: { vi: 'Cán bộ tỉnh (xem)', en: 'Province viewer' },
  district: { vi: 'Cấp huyện', en: 'District' },
  commune: { vi: 'Công an xã', en: 'Commune police' },
  technician: { vi: 'Kỹ thuật viên', en: 'Technician' },
};

export const Username = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{2,63}$', description: 'Lower-case login name, 3–64 characters' });
export const Password = Type.String({ minLength: 10, maxLength: 256, description: 'At least 10 characters' });

export const User = Type.Object(
  {
    id: Type.String(),
    username: Username,
    displayName: Type.String({ maxLength: 128 }),
    role: UserRoleValue,
    unitIds: Type.Array(UnitId, { description: 'Units the user is scoped to (and everything below them)' }),
    disabled: Type.Boolean(),
    createdAt: EpochMs,
    lastLoginAt: nullable(EpochMs),
  },
  strict,
);
export type User = Static<typeof User>;

/** POST /api/auth/token: the same login, answered with a Bearer token for scripts and integrations. */
export const TokenResponse = Type.Object({ token: Type.String(), expiresAt: EpochMs }, strict);
export type TokenResponse = Static<typeof TokenResponse>;

export const CreateUserBody = Type.Object(
  {
    username: Username,
    displayName: Type.String({ minLength: 1, maxLength: 128 }),
    role: UserRoleValue,
    unitIds: Type.Array(UnitId, { maxItems: 500, uniqueItems: true }),
    password: Password,
  },
  strict,
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    role: Type.Optional(UserRoleValue),
    unitIds: Type.Optional(Type.Array(UnitId, { maxItems: 500, uniqueItems: true })),
    password: Type.Optional(Password),
    disabled: Type.Optional(Type.Boolean()),
  },
  { ...strict, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

/** PATCH /api/me: my own preferences. */
export const UpdateMeBody = Type.Object({ language: LanguageValue }, strict);
export type UpdateMeBody = Static<typeof UpdateMeBody>;

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Password },
  strict,
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const UserIdParams = Type.Object({ userId: Type.String({ pattern: '^[0-9a-f-]{36}$' }) }, strict);

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    ts: EpochMs,
    userId: nullable(Type.String()),
    username: nullable(Type.String()),
    action: Type.String(),
    targetKind: Type.String(),
    targetId: Type.String(),
    detail: Type.Record(Type.String(), Type.Unknown()),
    ip: nullable(Type.String()),
  },
  strict,
);
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ maxLength: 64 })),
    targetId: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Entries with an id below this' })),
  },
  strict,
);
