import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildServer } from './child-server.ts';
import { freePort, waitForPort } from './free-port.ts';

export interface MosquittoOptions {
  /** Extra mosquitto.conf lines for the listener (e.g. `password_file`, `acl_file`); anonymous when none given. */
  extraConfig?: string[];
  /** Keep retained messages and persistent sessions across restart (on by default, as in production). */
  persistence?: boolean;
  /**
   * Seconds between saves of the in-memory state (sessions, queues, retained) while running;
   * default 1 for tests. Production's is 60 (hub/deploy/mosquitto/camwatch.conf): what a SIGKILL
   * loses depends on it. A SIGTERM always saves.
   */
  autosaveIntervalS?: number;
}

/**
 * A real Debian Mosquitto on a free loopback port, private to one test run. `stop()` and
 * `start()` again keep the port and the persistence file, so tests can restart the broker.
 */
export class MosquittoServer extends ChildServer {
  constructor(private readonly opts: MosquittoOptions = {}) {
    super();
  }

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
      `autosave_interval ${this.opts.autosaveIntervalS ?? 1}`,
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
    const exited = this.spawnServer('mosquitto', '/usr/sbin/mosquitto', ['-c', join(this.dir, 'mosquitto.conf')]);
    await Promise.race([waitForPort(this.port), exited]);
    return this;
  }

  /** Stops the broker (SIGTERM lets it save persistence; `hard` is SIGKILL, a crash). */
  stop(hard = false): Promise<void> {
    return this.terminate(hard ? 'SIGKILL' : 'SIGTERM');
  }
}
