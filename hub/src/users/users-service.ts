import type { CreateUserBody, UpdateUserBody } from '@camwatch/config';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Principal } from '../auth/auth-service.ts';
import { hashPassword, verifyPassword } from '../auth/password-hasher.ts';
import { scopeHasUnit } from '../auth/scope.ts';
import type { Db } from '../db/db.ts';
import { conflict, notFound, type Refusal } from '../service-refusal.ts';
import { UserRepository, type UserRow } from './user-repository.ts';

export type { UserRow };

/** An admin acting through the API: their area decides whom they manage; `ip` goes to the audit log. */
export interface AdminCaller {
  admin: Principal;
  ip: string | null;
}

const UNITLESS_ROLES: readonly string[] = ['province_admin', 'province_viewer'];

/**
 * People and their accounts: admins create and change users inside their own area, a user changes
 * their own password and language. Each change and its audit entry commit in one transaction.
 */
export class UsersService {
  private readonly users: UserRepository;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {
    this.users = new UserRepository(db);
  }

  /** Everyone for a whole-province admin, else the users wholly inside the admin's area. */
  async managedBy(admin: Principal): Promise<UserRow[]> {
    return (await this.users.list()).filter((u) => manages(admin, u));
  }

  /** A taken username throws UsernameTakenError (a conflict). */
  async create({ admin, ip }: AdminCaller, b: CreateUserBody): Promise<UserRow | Refusal> {
    if (b.unitIds.length === 0 && !admin.scope.all) return invalidUnits('give at least one unit');
    if (b.unitIds.length === 0 && !UNITLESS_ROLES.includes(b.role)) return invalidUnits(`a ${b.role} user needs at least one unit`);
    const bad = await this.unitsRefused(admin, b.unitIds);
    if (bad) return bad;
    const passwordHash = await hashPassword(b.password);
    return this.db.transaction(async (tx) => {
      const user = await new UserRepository(tx).create({
        username: b.username,
        displayName: b.displayName,
        role: b.role,
        unitIds: b.unitIds,
        passwordHash,
      });
      await this.audit.record(
        {
          actor: admin,
          action: 'user.create',
          targetKind: 'user',
          targetId: user.id,
          detail: { username: user.username, role: user.role, unitIds: user.unitIds },
          ip,
        },
        tx,
      );
      return user;
    });
  }

  async update({ admin, ip }: AdminCaller, userId: string, b: UpdateUserBody): Promise<UserRow | Refusal> {
    const existing = await this.users.byId(userId);
    if (!existing || !manages(admin, existing)) return notFound('user');
    if (existing.id === admin.userId && (b.disabled || (b.role && b.role !== 'province_admin')))
      return conflict('you cannot disable or demote yourself');
    const role = b.role ?? existing.role;
    const unitIds = b.unitIds ?? existing.unitIds;
    if (unitIds.length === 0 && !UNITLESS_ROLES.includes(role)) return invalidUnits(`a ${role} user needs at least one unit`);
    if (b.unitIds) {
      const bad = await this.unitsRefused(admin, b.unitIds);
      if (bad) return bad;
    }
    const { password, ...changes } = b;
    const passwordHash = password ? await hashPassword(password) : undefined;
    return this.db.transaction(async (tx) => {
      const updated = await new UserRepository(tx).update(existing.id, { ...changes, ...(passwordHash ? { passwordHash } : {}) });
      if (!updated) return notFound('user');
      await this.audit.record(
        {
          actor: admin,
          action: 'user.update',
          targetKind: 'user',
          targetId: existing.id,
          detail: { ...changes, passwordChanged: Boolean(password) },
          ip,
        },
        tx,
      );
      return updated;
    });
  }

  setLanguage(userId: string, language: 'vi' | 'en'): Promise<void> {
    return this.users.setLanguage(userId, language);
  }

  /** False when the current password is wrong; a change ends every session of the user. */
  async changeOwnPassword(by: { actor: Principal; ip: string | null }, currentPassword: string, newPassword: string): Promise<boolean> {
    const user = await this.users.byId(by.actor.userId);
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) return false;
    const passwordHash = await hashPassword(newPassword);
    await this.db.transaction(async (tx) => {
      await new UserRepository(tx).update(user.id, { passwordHash });
      await this.audit.record({ actor: by.actor, action: 'user.password', targetKind: 'user', targetId: user.id, ip: by.ip }, tx);
    });
    return true;
  }

  /** An admin may only hand out units inside their own area, and only units that exist. */
  private async unitsRefused(admin: Principal, unitIds: readonly string[]): Promise<Refusal | null> {
    const existing = await this.users.existingUnits(unitIds);
    const bad = unitIds.filter((u) => !existing.has(u) || !scopeHasUnit(admin.scope, u));
    return bad.length ? { refused: 'invalid', issues: bad.map((u) => ({ path: 'body/unitIds', message: `unknown unit ${u}` })) } : null;
  }
}

function manages(admin: Principal, user: UserRow): boolean {
  if (admin.scope.all) return true;
  return user.unitIds.length > 0 && user.unitIds.every((u) => scopeHasUnit(admin.scope, u));
}

const invalidUnits = (message: string): Refusal => ({ refused: 'invalid', issues: [{ path: 'body/unitIds', message }] });
