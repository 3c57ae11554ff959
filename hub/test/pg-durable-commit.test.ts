import { PostgresServer } from '@camwatch/testkit';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { PgDb } from '../src/db/pg-db.ts';

const server = new PostgresServer();
afterAll(() => server.destroy());

// Ingest acknowledges samples to the broker after commit: that is only safe if a commit survives a
// server crash. The test server runs with synchronous_commit off (for speed), like a careless DBA.
it('commits durably even on a server whose default is synchronous_commit off', async () => {
  await server.start();
  const db = await PgDb.connect(server.url);
  try {
    expect((await db.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!.synchronous_commit).toBe('on');
    await db.transaction(async (tx) => {
      expect((await tx.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!.synchronous_commit).toBe('on');
    });
  } finally {
    await db.close();
  }
  const raw = new pg.Client({ connectionString: server.url });
  await raw.connect();
  expect((await raw.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!.synchronous_commit).toBe('off');
  await raw.end();
});
