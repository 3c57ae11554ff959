import { permissionsOf, type Me, type Permission, type UserRole } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { hashToken, looksLikeToken, newOpaqueToken } from './opaque-token.ts';
import { DUMMY_HASH, verifyPassword } from './password-hasher.ts';
import { expandScope, type Scope } from './scope.ts';
import { SessionRepository } from './session-repository.ts';
import { UserRepository, type UserRow } from '../users/user-repository.ts';

/** The signed-in user of one request: who, what role, where (expanded scope). */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  role: UserRole;
  unitIds: string[];
  language: 'vi' | 'en';
  scope: Scope;
  sessionExpiresAt: number;
  permissions: ReadonlySet<Permission>;
}

export type LoginResult =
  { ok: true; token: string; expiresAt: number; principal: Principal } | { ok: false; reason: 'bad_credentials' | 'disabled' };

export const DEFAULT_SESSION_TTL_MS = 12 * 3_600_000;

export class AuthService {
  private readonly users: UserRepository;
  private readonly sessions: SessionRepository;

  constructor(
    private readonly db: Db,
    private readonly sessionTtlMs = DEFAULT_SESSION_TTL_MS,
  ) {
    this.users = new UserRepository(db);
    this.sessions = new SessionRepository(db);
  }

  async login(username: string, password: string, ip: string | null): Promise<LoginResult> {
    const user = await this.users.byUsername(username);
    // Hash even for unknown users, so response time does not tell which usernames exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) return { ok: false, reason: 'bad_credentials' };
    if (user.disabled) return { ok: false, reason: 'disabled' };
    const token = newOpaqueToken();
    const expiresAt = Date.now() + this.sessionTtlMs;
    await this.sessions.create(hashToken(token), user.id, expiresAt, ip);
    await this.users.touchLogin(user.id);
    await this.sessions.deleteExpired();
    return { ok: true, token, expiresAt, principal: await this.principalOf(user, expiresAt) };
  }

  async logout(token: string): Promise<void> {
    if (looksLikeToken(token)) await this.sessions.delete(hashToken(token));
  }

  /** The principal behind a token, or null when the token is unknown, expired or its user disabled. */
  async authenticate(token: string): Promise<Principal | null> {
    if (!looksLikeToken(token)) return null;
    const session = await this.sessions.find(hashToken(token));
    if (!session) return null;
    const user = await this.users.byId(session.userId);
    if (!user || user.disabled) return null;
    return this.principalOf(user, session.expiresAt);
  }

  async principalOf(user: UserRow, sessionExpiresAt: number): Promise<Principal> {
    return {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      unitIds: user.unitIds,
      language: user.language,
      scope: await expandScope(this.db, user.role, user.unitIds),
      sessionExpiresAt,
      permissions: new Set(permissionsOf(user.role)),
    };
  }
}

export function meOf(p: Principal): Me {
  return {
    username: p.username,
    displayName: p.displayName,
    role: p.role,
    unitIds: p.unitIds,
    language: p.language,
    sessionExpiresAt: p.sessionExpiresAt,
  };
}
