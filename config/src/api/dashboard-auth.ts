import { Type, type Static } from '@sinclair/typebox';
import { UnitId } from '../ids.ts';
import { strictObject } from './dashboard-common.ts';

/** Roles of issue 5. Scope comes from `unitIds`: a user sees those units and everything below them. */
export const USER_ROLES = ['province_admin', 'province_viewer', 'district', 'commune', 'technician'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const UserRoleValue = Type.Union(USER_ROLES.map((r) => Type.Literal(r)));

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LanguageValue = Type.Union(LANGUAGES.map((l) => Type.Literal(l)));

/** POST /api/auth/login — sets an HttpOnly session cookie; answers the same body as GET /api/me. */
export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  strictObject,
);
export type LoginRequest = Static<typeof LoginRequest>;

/** GET /api/me — 401 when the session is missing or expired. */
export const Me = Type.Object(
  {
    username: Type.String({ maxLength: 64 }),
    displayName: Type.String({ maxLength: 128 }),
    role: UserRoleValue,
    unitIds: Type.Array(UnitId, { description: 'Units the user may see (with their descendants); the map opens on them' }),
    language: LanguageValue,
    sessionExpiresAt: Type.Integer({ minimum: 0 }),
  },
  strictObject,
);
export type Me = Static<typeof Me>;

/** GET /api/config — public, no session needed (the login page uses it). */
export const ClientConfig = Type.Object(
  {
    provinceName: Type.String({ maxLength: 128 }),
    tileUrl: Type.Union([Type.String({ maxLength: 512 }), Type.Null()], {
      description: 'Leaflet tile URL template; null = no base map (offline)',
    }),
    tileAttribution: Type.String({ maxLength: 512 }),
    heartbeatMs: Type.Integer({ minimum: 1000, description: 'Station heartbeat period, shown in the live indicator' }),
  },
  strictObject,
);
export type ClientConfig = Static<typeof ClientConfig>;
