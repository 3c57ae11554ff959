import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import { hashPassword } from './password-hasher.ts';
import { UserRepository, UsernameTakenError } from '../users/user-repository.ts';

export const FIRST_ADMIN = 'admin';

/**
 * On the very first start (no user at all) creates `admin` with a random password and prints
 * it once to the terminal, never to the log. Several hubs starting together race on the
 * unique username: exactly one creates it, the others see it taken.
 */
export async function ensureFirstAdmin(
  db: Db,
  logger: Logger,
  print: (text: string) => void = (t) => process.stderr.write(t),
): Promise<boolean> {
  const users = new UserRepository(db);
  if ((await users.count()) > 0) return false;
  const password = randomBytes(12).toString('base64url');
  try {
    await users.create({
      username: FIRST_ADMIN,
      displayName: 'Quản trị viên',
      role: 'province_admin',
      unitIds: [],
      passwordHash: await hashPassword(password),
    });
  } catch (err) {
    if (err instanceof UsernameTakenError) return false;
    throw err;
  }
  logger.warn({ username: FIRST_ADMIN }, 'no users yet: created the first admin; its password is printed on the terminal once');
  print(
    `\n  camwatch first start: sign in as "${FIRST_ADMIN}" with password ${password}\n  (change it after signing in; it is not shown again)\n\n`,
  );
  return true;
}
