import { PostgresServer } from '@camwatch/config/testing/postgres-server';
import pg from 'pg';
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

/** A real PostgreSQL server (one per test file); every `open()` gets its own database. */
export function postgresTarget(): DbTarget {
  let server: PostgresServer | null = null;
  const opened: Db[] = [];
  return {
    name: 'postgresql',
    async open() {
      server ??= await new PostgresServer().start();
      const name = `t${process.pid}_${++counter}`;
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const db = await PgDb.connect(server.urlFor(name));
      opened.push(db);
      await migrate(db);
      return db;
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
      const db = await PgliteDb.create();
      opened.push(db);
      await migrate(db);
      return db;
    },
    async stop() {
      for (const db of opened.splice(0)) await db.close();
    },
  };
}
