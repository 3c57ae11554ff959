import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HubProcessConfig } from './hub-process.ts';
import type { CommitFinal, CommitProgress } from './commit-meter.ts';
import { HubSupervisor } from './hub-supervisor.ts';

/** What a benchmark's hub needs besides what MeteredHub sets (metering on, no HTTP, no clock beacon). */
export type MeteredHubConfig = Pick<
  HubProcessConfig,
  'databaseUrl' | 'mqttUrl' | 'mqttUsername' | 'mqttPassword' | 'shareGroup' | 'hubId'
> &
  Partial<Pick<HubProcessConfig, 'logLevel' | 'batch'>>;

/**
 * A hub in its own process (through HubSupervisor, like the chaos runs' hub) that reports the rows
 * it commits: the ingest and scale benchmarks read its progress and its latency figures. A crash
 * is not restarted: it shows as a `waitStored` timeout.
 */
export class MeteredHub {
  last: CommitProgress = { stored: 0, firstReceiveAt: 0, lastCommitAt: 0, cpuUs: 0, replayCommitted: 0, lastReplayCommitAt: 0 };
  /** Resolves once the hub is up and subscribed. */
  readonly ready: Promise<void>;
  private readonly hub: HubSupervisor;
  /** The hub's data folder (snapshots), removed when it stops. */
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'camwatch-bench-hub-'));

  constructor(config: MeteredHubConfig, execArgv: string[] = []) {
    this.hub = new HubSupervisor(
      {
        logLevel: 'warn',
        ...config,
        dataDir: this.dataDir,
        inventoryFile: null,
        httpPort: null,
        api: null,
        clockBeaconMs: null,
        meterCommits: true,
      },
      null,
      config.hubId,
      (line) => process.stderr.write(`${line}\n`),
      { restartOnCrash: false, execArgv },
    );
    this.hub.child.onEvent = (e) => (this.last = e as CommitProgress);
    this.ready = this.hub.start();
    // Observed by the caller's `await ready`; a failed start must not also be an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  get pid(): number {
    return this.hub.pid ?? 0;
  }

  async waitStored(n: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.last.stored < n) {
      if (Date.now() > deadline) throw new Error(`hub stored ${this.last.stored} of ${n} in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Starts the measured window (latencies, peak RSS). */
  measure(): Promise<void> {
    return this.hub.request('measure');
  }

  /** Counts from zero again; `last` is stale until the next progress report. */
  reset(): Promise<void> {
    return this.hub.request('reset');
  }

  /** Final figures, then the hub stops cleanly and exits (so the broker outlives its session). */
  async stop(): Promise<CommitFinal> {
    const final = await this.hub.request<CommitFinal>('final');
    await this.hub.stop();
    await this.kill();
    return final;
  }

  /** SIGKILL if still running (a bench that failed), and the data folder goes. */
  async kill(): Promise<void> {
    await this.hub.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
