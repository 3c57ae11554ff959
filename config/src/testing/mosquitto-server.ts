import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './free-port.ts';

export interface MosquittoOptions {
  /** Extra mosquitto.conf lines for the listener (e.g. `password_file`, `acl_file`); anonymous when none given. */
  extraConfig?: string[];
  /** Keep retained messages and persistent sessions across restart (on by default, as in production). */
  persistence?: boolean;
}

/**
 * A real Debian Mosquitto on a free loopback port, private to one test run. `stop()` and
 * `start()` again keep the port and the persistence file, so tests can restart the broker.
 */
export class MosquittoServer {
  port = 0;
  dir = '';
  private child: ChildProcess | null = null;
  private output = '';

  /** The server's process id while it runs (benchmarks read its CPU from /proc). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  constructor(private readonly opts: MosquittoOptions = {}) {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (!this.dir) this.dir = await mkdtemp(join(tmpdir(), 'camwatch-mosquitto-'));
    if (!this.port) this.port = await freePort();
    const extra = this.opts.extraConfig ?? ['allow_anonymous true'];
    const conf = [
      `listener ${this.port} 127.0.0.1`,
      `persistence ${this.opts.persistence === false ? 'false' : 'true'}`,
      `persistence_location ${this.dir}/`,
      'autosave_interval 1',
      'max_queued_messages 1000000',
      'max_inflight_messages 100',
      // Run as whoever started it: mosquitto started as root would otherwise switch to its own user and lose access to the temp dir.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      ...extra,
    ].join('\n');
    await writeFile(join(this.dir, 'mosquitto.conf'), conf + '\n');
    const child = spawn('/usr/sbin/mosquitto', ['-c', join(this.dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-4000);
    });
    this.child = child;
    const exited = new Promise<never>((_r, reject) => child.once('exit', (code) => reject(new Error(`mosquitto exited with ${code}: ${this.output}`))));
    await Promise.race([waitForPort(this.port), exited]);
    return this;
  }

  /** Stops the broker (SIGTERM lets it save persistence; `hard` is SIGKILL, a crash). */
  async stop(hard = false): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.child = null;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(hard ? 'SIGKILL' : 'SIGTERM');
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
