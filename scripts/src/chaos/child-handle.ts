import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ChaosAborted, chaosAbort } from './abortable-sleep.ts';

/** tsx's loader, resolved once: children run TypeScript sources whether the parent is tsx or vitest. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Messages every chaos child sends its parent. */
export type ChildMessage =
  | { type: 'ready'; info: Record<string, unknown> }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  /** Pushed by the child unasked (a benchmark's progress); see `onEvent`. */
  | { type: 'event'; event: unknown };

export interface ChildSpec {
  name: string;
  script: string;
  /** Passed as JSON in CAMWATCH_CHAOS_CONFIG (never on the command line, where `ps` shows it). */
  config: unknown;
  /** stdout and stderr of every incarnation are appended here (the secrets test reads them); null: to this process's own. */
  logFile: string | null;
  readyTimeoutMs?: number;
  /** Node flags after the TypeScript loader (e.g. --cpu-prof for a benchmark). */
  execArgv?: string[];
}

/**
 * A chaos participant in its own process, so it can be SIGKILLed like a real crash and started
 * again on the same state. Talks over IPC: `ready` once started, then request/reply.
 */
export class ChildHandle {
  private child: ChildProcess | null = null;
  private log: WriteStream | null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  info: Record<string, unknown> = {};
  starts = 0;
  kills = 0;
  /** Exits nobody asked for (a crash of the child itself). */
  unplannedExits = 0;
  /** Called when the child exits by itself, not through kill() or stop(). */
  onUnplannedExit: ((reason: string) => void) | null = null;
  /** Called with each event the child pushes (`emitEvent` in child-endpoint.ts). */
  onEvent: ((event: unknown) => void) | null = null;
  private ending = false;

  constructor(private readonly spec: ChildSpec) {
    this.log = spec.logFile === null ? null : createWriteStream(spec.logFile, { flags: 'a' });
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async start(): Promise<Record<string, unknown>> {
    if (this.running) throw new Error(`${this.spec.name} already running`);
    const child = fork(this.spec.script, [], {
      execArgv: ['--import', TSX_LOADER, ...(this.spec.execArgv ?? [])],
      env: { ...process.env, CAMWATCH_CHAOS_CONFIG: JSON.stringify(this.spec.config) },
      stdio: this.log ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    this.ending = false;
    this.starts++;
    let up = false;
    if (this.log) {
      child.stdout!.pipe(this.log, { end: false });
      child.stderr!.pipe(this.log, { end: false });
    }
    child.on('message', (raw) => this.onMessage(raw as ChildMessage));
    child.once('exit', (code, signal) => {
      for (const w of this.waiting.values()) w.reject(new Error(`${this.spec.name} exited (${signal ?? code}) before replying`));
      this.waiting.clear();
      // A start that fails is the caller's to handle; a crash of a running child is reported.
      if (this.ending || this.child !== child || !up) return;
      this.unplannedExits++;
      this.onUnplannedExit?.(`${this.spec.name} exited by itself (${signal ?? code})`);
    });
    let cleanup = () => {};
    const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
      const timeoutMs = this.spec.readyTimeoutMs ?? 60_000;
      const timer = setTimeout(() => reject(new Error(`${this.spec.name} not ready after ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (raw: unknown) => {
        const msg = raw as ChildMessage;
        if (msg?.type === 'ready') resolve(msg.info);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        reject(new Error(`${this.spec.name} exited (${signal ?? code}) during start-up; see ${this.spec.logFile}`));
      const onAbort = () => reject(new ChaosAborted(`${this.spec.name}: start aborted`));
      child.on('message', onMessage);
      child.once('exit', onExit);
      chaosAbort.signal.addEventListener('abort', onAbort, { once: true });
      cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        chaosAbort.signal.removeEventListener('abort', onAbort);
      };
    });
    try {
      this.info = await ready;
    } finally {
      cleanup();
    }
    up = true;
    return this.info;
  }

  /** A crash: SIGKILL, no cleanup of any kind. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.ending = true;
    this.kills++;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Asks the child to shut down cleanly (op `stop`), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.ending = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // The child replies before it exits; a failure is noted in its log (SIGKILL follows after the grace period anyway).
    this.request('stop').catch((err: Error) => (this.log ?? process.stderr).write(`[chaos] stop request: ${err.message}\n`));
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  request<T = unknown>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    const child = this.child;
    if (!child || !this.running) return Promise.reject(new Error(`${this.spec.name} is not running`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, ...args });
    });
  }

  async close(): Promise<void> {
    await this.kill();
    const log = this.log;
    if (log) await new Promise<void>((resolve) => log.end(() => resolve()));
  }

  private onMessage(msg: ChildMessage): void {
    if (msg?.type === 'event') this.onEvent?.(msg.event);
    if (msg?.type !== 'reply') return;
    const w = this.waiting.get(msg.id);
    if (!w) return;
    this.waiting.delete(msg.id);
    if (msg.ok) w.resolve(msg.result);
    else w.reject(new Error(msg.error));
  }
}
