import type { Logger } from 'pino';
import type { IngestItem } from './ingest-types.ts';

export interface BatcherOptions {
  maxRows: number;
  maxDelayMs: number;
  /** Batches written at once (default 2): one inserts while another holds its station locks. */
  concurrency?: number;
  /** Backoff between retries of a batch that failed for a transient reason (database down). */
  retryMinMs?: number;
  retryMaxMs?: number;
}

interface Entry {
  item: IngestItem;
  settle: () => void;
}

/** PostgreSQL error classes worth retrying as they are: connection, resources, operator intervention, serialization. */
export function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return true;
  if (/^(08|53|57|58|40)/.test(code)) return true;
  return /^E[A-Z]+$/.test(code); // node socket errors: ECONNREFUSED, ECONNRESET, ...
}

/**
 * Collects validated messages and writes them in batches (by size or after a short delay). Up to
 * `concurrency` batches are written at once, but they settle (and so are acknowledged) strictly in
 * receive order. A batch that fails transiently is retried until it commits (acks wait, the broker
 * holds the rest); one that fails on its data is split until the offending message is isolated and
 * dropped (`onPoison`).
 */
export class IngestBatcher {
  private queue: Entry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private active = 0;
  /** Settlement chain: each batch settles after its own commit and after the batch before it. */
  private tail: Promise<void> = Promise.resolve();
  private idle: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly write: (items: IngestItem[]) => Promise<void>,
    private readonly opts: BatcherOptions,
    private readonly log: Logger,
    private readonly onPoison: (item: IngestItem, err: unknown) => void,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  /** Resolves once the item is committed (or dropped as poison). */
  submit(item: IngestItem): Promise<void> {
    return new Promise((settle) => {
      this.queue.push({ item, settle });
      if (this.queue.length >= this.opts.maxRows) this.kick();
      else this.timer ??= setTimeout(() => this.kick(), this.opts.maxDelayMs);
    });
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.active < (this.opts.concurrency ?? 2) && this.queue.length) {
      const batch = this.queue.splice(0, this.opts.maxRows);
      this.active++;
      const written = this.writeWithRetry(batch);
      // An abandoned batch (only at shutdown) is logged below; its messages stay unacknowledged and are redelivered.
      this.tail = this.tail.then(() => written).then(() => {
        for (const e of batch) e.settle();
      }, () => undefined);
      written.catch((err: unknown) => this.log.error({ err, rows: batch.length }, 'batch abandoned; its messages stay unacknowledged')).finally(() => {
        this.active--;
        if (this.queue.length) this.kick();
        else if (this.active === 0) for (const wake of this.idle.splice(0)) wake();
      });
    }
  }

  private async writeWithRetry(batch: Entry[]): Promise<void> {
    let delay = this.opts.retryMinMs ?? 200;
    for (;;) {
      try {
        await this.write(batch.map((e) => e.item));
        return;
      } catch (err) {
        if (!isTransient(err)) return this.bisect(batch, err);
        if (this.stopped) throw err;
        this.log.error({ err, rows: batch.length, retryInMs: delay }, 'batch write failed, retrying');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, this.opts.retryMaxMs ?? 10_000);
      }
    }
  }

  private async bisect(batch: Entry[], err: unknown): Promise<void> {
    if (batch.length === 1) {
      this.onPoison(batch[0]!.item, err);
      return;
    }
    const mid = batch.length >> 1;
    await this.writeWithRetry(batch.slice(0, mid));
    await this.writeWithRetry(batch.slice(mid));
  }

  /** Writes whatever is queued and waits until every batch is written and settled. */
  async flush(): Promise<void> {
    if (this.queue.length) this.kick();
    if (this.active > 0) await new Promise<void>((r) => this.idle.push(r));
    await this.tail;
  }

  /** Final flush; a write still failing after that is abandoned (unacknowledged messages are redelivered). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.flush();
  }
}
