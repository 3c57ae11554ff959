import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ChildServer } from './child-server.ts';
import { freePort, waitForPort } from './free-port.ts';

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** PostgreSQL refuses to run as root; tests running as root start it as the `postgres` system user. */
async function asServerUser(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: g } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(g.trim()) };
}

export interface PostgresServerOptions {
  /**
   * PostgreSQL's own durable defaults (fsync, synchronous_commit and full_page_writes on), as in
   * production: for benchmarks whose absolute figures must hold there. Default off (tests).
   */
  durable?: boolean;
}

/**
 * A real PostgreSQL server (Debian's binaries) in a temp directory on a free port, with fsync,
 * synchronous commit and full-page writes off for speed (Immich does the same in its medium
 * tests) unless `durable`. `stop()`/`start()` keep the data.
 */
export class PostgresServer extends ChildServer {
  private user: { uid: number; gid: number } | null = null;

  constructor(private readonly options: PostgresServerOptions = {}) {
    super();
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** URL of another database on this server. */
  urlFor(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<this> {
    if (!this.dir) {
      this.user = await asServerUser();
      this.dir = await mkdtemp(join(tmpdir(), 'camwatch-pg-'));
      await chmod(this.dir, 0o700);
      if (this.user) await chown(this.dir, this.user.uid, this.user.gid);
      await run(
        join(PG_BIN, 'initdb'),
        ['-D', join(this.dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'],
        this.spawnOpts(),
      );
      this.port = await freePort();
    }
    const durability = this.options.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
    const args = [
      '-D',
      join(this.dir, 'data'),
      '-p',
      String(this.port),
      '-k',
      this.dir,
      '-c',
      'listen_addresses=127.0.0.1',
      ...durability,
      '-c',
      'max_connections=200',
    ];
    const exited = this.spawnServer('postgres', join(PG_BIN, 'postgres'), args, this.spawnOpts());
    await Promise.race([waitForPort(this.port, 30_000), exited]);
    await Promise.race([this.waitReady(), exited]);
    return this;
  }

  private spawnOpts() {
    return this.user
      ? { uid: this.user.uid, gid: this.user.gid, env: { ...process.env, LC_ALL: 'C.UTF-8' } }
      : { env: { ...process.env, LC_ALL: 'C.UTF-8' } };
  }

  private async waitReady(): Promise<void> {
    for (let i = 0; i < 300; i++) {
      try {
        await run(join(PG_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres']);
        return;
      } catch {
        // Not accepting connections yet: poll again; after 30 s the error below carries the server's output.
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`postgres not ready: ${this.lastOutput}`);
  }

  /** Creates another (empty) database on this server; `urlFor(name)` connects to it. */
  async createDatabase(name: string): Promise<string> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid database name ${JSON.stringify(name)}`);
    await run(join(PG_BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', name]);
    return this.urlFor(name);
  }

  /** `fast` shutdown by default; `immediate` is a crash without checkpoint. */
  stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    return this.terminate(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
  }
}
