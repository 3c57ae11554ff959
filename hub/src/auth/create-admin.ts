/**
 * Creates (or resets) a province admin from the command line:
 *   DATABASE_URL=postgres://… pnpm --filter @camwatch/hub exec tsx src/auth/create-admin.ts <username> [--password <pw>]
 * Without --password a random one is generated and printed once.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { compileValidator, Password, Username, formatIssues } from '@camwatch/config';
import { migrate } from '../db/migrate.ts';
import { MIGRATIONS } from '../db/migrations/index.ts';
import { PgDb } from '../db/pg-db.ts';
import { hashPassword } from './password-hasher.ts';
import { UserRepository } from '../users/user-repository.ts';

export async function createAdmin(databaseUrl: string, username: string, password: string): Promise<'created' | 'reset'> {
  const db = await PgDb.connect(databaseUrl);
  try {
    await migrate(db, MIGRATIONS);
    const users = new UserRepository(db);
    const passwordHash = await hashPassword(password);
    const existing = await users.byUsername(username);
    if (existing) {
      await users.update(existing.id, { passwordHash, role: 'province_admin', disabled: false });
      return 'reset';
    }
    await users.create({ username, displayName: username, role: 'province_admin', unitIds: [], passwordHash });
    return 'created';
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { password: { type: 'string' } } });
  const username = positionals[0];
  const url = process.env.DATABASE_URL;
  if (!username || !url) {
    process.stderr.write('usage: DATABASE_URL=postgres://… tsx src/auth/create-admin.ts <username> [--password <pw>]\n');
    process.exit(2);
  }
  const password = values.password ?? randomBytes(12).toString('base64url');
  const problems = [...compileValidator(Username).issues(username), ...compileValidator(Password).issues(password)];
  if (problems.length) {
    process.stderr.write(`invalid: ${formatIssues(problems)}\n`);
    process.exit(2);
  }
  const result = await createAdmin(url, username, password);
  process.stdout.write(`${result} province admin "${username}"${values.password ? '' : ` with password ${password}`}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
