import { PostgresServer } from '@camwatch/testkit';
import type { Db } from '../../src/db/db.ts';
import { PgDb } from '../../src/db/pg-db.ts';
import { PgliteDb } from '../../src/db/pglite-db.ts';
import { migrate } from '../../src/db/migrate.ts';

/** One implementation of Db under test: opens a fresh, migrated database per call. */
export interface DbTarget {
  readonly name: string;
  open(): Promise<Db>;
  stop(): Promise<void>;
}

let counter = 0;

/** Tracked for `stop()` before migrating, so a failed migration still closes it. */
async function migrated(opened: Db[], db: Db): Promise<Db> {
  opened.push(db);
  await migrate(db);
  return db;
}

/** A real PostgreSQL server (one per test file); every `open()` gets its own database. */
export function postgresTarget(): DbTarget {
  let server: PostgresServer | null = null;
  const opened: Db[] = [];
  return {
    name: 'postgresql',
    async open() {
      server ??= await new PostgresServer().start();
      const name = `t${process.pid}_${++counter}`;
      return migrated(opened, await PgDb.connect(await server.createDatabase(name)));
    },
    async stop() {
      for (const db of opened.splice(0)) await db.close();
      await server?.destroy();
      server = null;
    },
  };
}

/** PGlite with TimescaleDB in-process: the TimescaleDB SQL path. */
export function pgliteTarget(): DbTarget {
  const opened: Db[] = [];
  return {
    name: 'pglite-timescaledb',
    async open() {
      return migrated(opened, await PgliteDb.create());
    },
    async stop() {
      for (const db of opened.splice(0)) await db.close();
    },
  };
}
