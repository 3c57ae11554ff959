import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresServer } from '@camwatch/testkit';
import { AuthService } from '../src/auth/auth-service.ts';
import { ensureFirstAdmin } from '../src/auth/first-admin.ts';
import { migrate } from '../src/db/migrate.ts';
import { MIGRATIONS } from '../src/db/migrations/index.ts';
import { PgDb } from '../src/db/pg-db.ts';

const run = promisify(execFile);

describe('the first admin: printed once at first start, or made by the CLI', () => {
  let server: PostgresServer;
  let db: PgDb;
  beforeAll(async () => {
    server = await new PostgresServer().start();
    db = await PgDb.connect(server.url);
    await migrate(db, MIGRATIONS);
  });
  afterAll(async () => {
    await db?.close();
    await server?.destroy();
  });

  it('creates admin with a random password printed once, and never again', async () => {
    const printed: string[] = [];
    expect(await ensureFirstAdmin(db, pino({ level: 'silent' }), (t) => printed.push(t))).toBe(true);
    const password = /password (\S+)/.exec(printed.join(''))![1]!;
    const login = await new AuthService(db).login('admin', password, null);
    expect(login.ok && login.principal.role).toBe('province_admin');
    expect(await ensureFirstAdmin(db, pino({ level: 'silent' }), (t) => printed.push(t))).toBe(false);
    expect(printed).toHaveLength(1);
  });

  it('creates or resets a province admin from the command line', async () => {
    // What `pnpm --filter @camwatch/hub exec tsx src/auth/create-admin.ts` runs, minus pnpm's start-up time.
    const cli = ['--import', 'tsx', 'src/auth/create-admin.ts'];
    const env = { ...process.env, DATABASE_URL: server.url };
    const created = await run(process.execPath, [...cli, 'boss', '--password', 'boss-password-1'], {
      cwd: new URL('..', import.meta.url).pathname,
      env,
    });
    expect(created.stdout).toContain('created province admin "boss"');
    const reset = await run(process.execPath, [...cli, 'boss'], { cwd: new URL('..', import.meta.url).pathname, env });
    const password = /with password (\S+)/.exec(reset.stdout)![1]!;
    expect((await new AuthService(db).login('boss', password, null)).ok).toBe(true);
    expect((await new AuthService(db).login('boss', 'boss-password-1', null)).ok).toBe(false);
    await expect(run(process.execPath, [...cli, 'x'], { cwd: new URL('..', import.meta.url).pathname, env })).rejects.toMatchObject({
      code: 2,
    });
  });
});
