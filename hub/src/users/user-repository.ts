import type { User, UserRole } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { ConflictError } from '../db/conflict-error.ts';

export interface UserRow extends User {
  passwordHash: string;
  language: 'vi' | 'en';
}

interface Raw {
  id: string;
  username: string;
  display_name: string;
  role: UserRole;
  password_hash: string;
  language: 'vi' | 'en';
  disabled: boolean;
  created_at: Date;
  last_login_at: Date | null;
  unit_ids: string[] | null;
}

const SELECT = `SELECT u.id, u.username, u.display_name, u.role, u.password_hash, u.language, u.disabled, u.created_at, u.last_login_at,
  COALESCE((SELECT array_agg(unit_id ORDER BY unit_id) FROM user_units WHERE user_id = u.id), '{}') AS unit_ids
  FROM users u`;

function toUser(r: Raw): UserRow {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    unitIds: r.unit_ids ?? [],
    disabled: r.disabled,
    createdAt: r.created_at.getTime(),
    lastLoginAt: r.last_login_at?.getTime() ?? null,
    passwordHash: r.password_hash,
    language: r.language,
  };
}

export interface NewUser {
  username: string;
  displayName: string;
  role: UserRole;
  unitIds: readonly string[];
  passwordHash: string;
}

export interface UserChanges {
  displayName?: string;
  role?: UserRole;
  passwordHash?: string;
  disabled?: boolean;
  unitIds?: readonly string[];
}

/** The only place that speaks SQL about users. */
export class UserRepository {
  constructor(private readonly db: Db) {}

  async byUsername(username: string): Promise<UserRow | null> {
    const r = await this.db.query<Raw>(`${SELECT} WHERE u.username = $1`, [username.toLowerCase()]);
    return r.rows[0] ? toUser(r.rows[0]) : null;
  }

  async byId(id: string): Promise<UserRow | null> {
    const r = await this.db.query<Raw>(`${SELECT} WHERE u.id = $1`, [id]);
    return r.rows[0] ? toUser(r.rows[0]) : null;
  }

  async list(): Promise<UserRow[]> {
    const r = await this.db.query<Raw>(`${SELECT} ORDER BY u.username`);
    return r.rows.map(toUser);
  }

  async count(): Promise<number> {
    const r = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return r.rows[0]?.n ?? 0;
  }

  /** Units that exist, of those given (to reject unknown unit ids with a clear message). */
  async existingUnits(unitIds: readonly string[]): Promise<Set<string>> {
    const r = await this.db.query<{ id: string }>('SELECT id FROM units WHERE id = ANY($1::text[])', [unitIds]);
    return new Set(r.rows.map((x) => x.id));
  }

  async create(u: NewUser): Promise<UserRow> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query<{ id: string }>(
        'INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING RETURNING id',
        [u.username.toLowerCase(), u.displayName, u.role, u.passwordHash],
      );
      const id = r.rows[0]?.id;
      if (!id) throw new UsernameTakenError(u.username);
      await setUnits(tx, id, u.unitIds);
      return (await new UserRepository(tx).byId(id))!;
    });
  }

  async update(id: string, c: UserChanges): Promise<UserRow | null> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query(
        `UPDATE users SET display_name = COALESCE($2, display_name), role = COALESCE($3, role), password_hash = COALESCE($4, password_hash),
           disabled = COALESCE($5, disabled), updated_at = now() WHERE id = $1`,
        [id, c.displayName ?? null, c.role ?? null, c.passwordHash ?? null, c.disabled ?? null],
      );
      if (r.rowCount === 0) return null;
      if (c.unitIds) await setUnits(tx, id, c.unitIds);
      // A password change, a new role or a disabled account ends every open session.
      if (c.passwordHash || c.role || c.disabled || c.unitIds) await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]);
      return new UserRepository(tx).byId(id);
    });
  }

  async setLanguage(id: string, language: 'vi' | 'en'): Promise<void> {
    await this.db.query('UPDATE users SET language = $2, updated_at = now() WHERE id = $1', [id, language]);
  }

  async touchLogin(id: string): Promise<void> {
    await this.db.query('UPDATE users SET last_login_at = now() WHERE id = $1', [id]);
  }
}

async function setUnits(tx: Db, userId: string, unitIds: readonly string[]): Promise<void> {
  await tx.query('DELETE FROM user_units WHERE user_id = $1', [userId]);
  if (unitIds.length) await tx.query('INSERT INTO user_units (user_id, unit_id) SELECT $1, unnest($2::text[])', [userId, unitIds]);
}

export class UsernameTakenError extends ConflictError {
  override name = 'UsernameTakenError';
  constructor(username: string) {
    super(`username ${username} is taken`);
  }
}
