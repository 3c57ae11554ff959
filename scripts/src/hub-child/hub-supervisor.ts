import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildHandle } from '../chaos/child-handle.ts';
import type { HubProcessConfig } from './hub-process.ts';
import { sleep } from '../chaos/abortable-sleep.ts';

const SCRIPT = fileURLToPath(new URL('./hub-process.ts', import.meta.url));

export interface HubSupervisorOptions {
  /** Start a hub again when it exits by itself (default true, as systemd would); a benchmark turns it off. */
  restartOnCrash?: boolean;
  /** Node flags for the hub process (e.g. --cpu-prof). */
  execArgv?: string[];
}

/**
 * Keeps one hub process (hub-process.ts) running the way systemd's `Restart=always` would: a start
 * that fails (PostgreSQL down at that moment) is retried until it succeeds. The one harness for a
 * hub in a child process: chaos and load runs crash and restart it, benchmarks meter it (MeteredHub).
 */
export class HubSupervisor {
  readonly child: ChildHandle;
  failedStarts = 0;
  private starting: Promise<void> | null = null;
  /** The duplicates counter of earlier starts (a counter restarts at 0 with its process). */
  private duplicatesBefore = 0;

  constructor(
    config: HubProcessConfig,
    /** Where `NAME.log` collects the hub's output; null: it goes to this process's stdout and stderr. */
    logDir: string | null,
    name = 'hub',
    private readonly log: (line: string) => void = () => undefined,
    options: HubSupervisorOptions = {},
  ) {
    this.child = new ChildHandle({
      name,
      script: SCRIPT,
      config,
      logFile: logDir === null ? null : join(logDir, `${name}.log`),
      readyTimeoutMs: 300_000,
      ...(options.execArgv ? { execArgv: options.execArgv } : {}),
    });
    // A hub that dies by itself is a bug the run reports (unplannedExits); meanwhile it is restarted, as systemd would.
    this.child.onUnplannedExit = (reason) => {
      if (options.restartOnCrash === false) return this.log(reason);
      this.log(`${reason}: restarting`);
      this.start().catch((err: Error) => this.log(`restart after crash failed: ${err.message}`));
    };
  }

  get pid(): number | null {
    return this.child.pid;
  }

  get unplannedExits(): number {
    return this.child.unplannedExits;
  }

  get httpUrl(): string {
    return String(this.child.info.httpUrl);
  }

  get mqttUrl(): string {
    return String(this.child.info.mqttUrl);
  }

  start(deadlineMs = 600_000): Promise<void> {
    this.starting ??= this.startLoop(deadlineMs).finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async startLoop(deadlineMs: number): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      try {
        await this.child.start();
        return;
      } catch (err) {
        this.failedStarts++;
        await this.child.kill();
        if (Date.now() > deadline) throw err;
        await sleep(1_000);
      }
    }
  }

  /**
   * The hub's camwatch_ingest_duplicates_total of this start. Read before each planned crash and at
   * the end; what a hub counts in the instant between the read and its SIGKILL is not seen.
   */
  async duplicatesNow(): Promise<number> {
    const metrics = await this.request<Array<{ name: string; values: Array<{ value: number }> }>>('metrics');
    const counter = metrics.find((m) => m.name === 'camwatch_ingest_duplicates_total');
    return counter ? counter.values.reduce((n, v) => n + v.value, 0) : 0;
  }

  /** Duplicates the hub counted over all its starts, this one included. */
  async duplicatesTotal(): Promise<number> {
    return this.duplicatesBefore + (await this.duplicatesNow().catch(() => 0));
  }

  /** SIGKILL, `downMs` of nothing, then start again. */
  async crash(downMs: number): Promise<void> {
    await this.starting;
    this.duplicatesBefore += await this.duplicatesNow().catch((err: Error) => {
      this.log(`duplicates counter not read before the crash: ${err.message}`);
      return 0;
    });
    await this.child.kill();
    await sleep(downMs);
    await this.start();
  }

  request<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    return this.child.request<T>(op, args);
  }

  stop(): Promise<void> {
    return this.child.stop(30_000);
  }

  close(): Promise<void> {
    return this.child.close();
  }
}
