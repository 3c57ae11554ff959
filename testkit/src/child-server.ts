import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { rm } from 'node:fs/promises';

/**
 * What the test launchers share: one server process in a private temp dir on a loopback port,
 * the tail of its stderr for failure messages, and stop/start that keep the port and the dir
 * (tests restart servers). Subclasses say how to start it and which signal stops it.
 */
export abstract class ChildServer {
  port = 0;
  dir = '';
  private child: ChildProcess | null = null;
  private output = '';

  /** The server's process id while it runs (benchmarks read its CPU from /proc). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  abstract start(): Promise<this>;
  abstract stop(): Promise<void>;

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  /** The last 4,000 characters the server wrote to stderr. */
  protected get lastOutput(): string {
    return this.output;
  }

  /**
   * Spawns the server. The returned promise only ever rejects, when the process exits: race it
   * with the readiness checks so a server that dies at start fails fast with its own words.
   */
  protected spawnServer(name: string, command: string, args: string[], options: SpawnOptions = {}): Promise<never> {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-4000);
    });
    this.child = child;
    return new Promise<never>((_r, reject) =>
      child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${this.output}`))),
    );
  }

  /** Sends `signal` to the running server and waits until it has exited; nothing when it is not running. */
  protected async terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.child = null;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}
