import type { Logger } from 'pino';
import type { Db, Listening } from '../db/db.ts';
import type { LiveBus } from './live-bus.ts';
import { CHANGE_KINDS, LiveChanges, type ChangeKind } from './live-changes.ts';

/** The channel migration 103's triggers notify on commit of a status or alert change. */
export const LIVE_CHANNEL = 'camwatch_live';

export interface LiveFeedOptions {
  /** Poll period while no notification can wake the feed (no LISTEN, or its connection is down). Default 1 s. */
  pollMs?: number;
  /** Poll period while LISTENing: only a safety net for a lost notification. Default 5 s. */
  safetyPollMs?: number;
  /** Wake on NOTIFY when the Db can LISTEN (default true). */
  notifications?: boolean;
}

/**
 * Turns database changes into live events. Reading the database rather than hooking the ingest
 * means every hub's users see changes made by any hub, and nothing is added to the ingest path.
 * A NOTIFY from the committing transaction wakes the feed at once; a slow poll catches what a
 * lost notification (or a LISTEN connection being re-established) would miss.
 */
export class LiveFeed {
  private readonly changes: LiveChanges;
  private readonly opts: Required<LiveFeedOptions>;
  private readonly dirty = new Set<ChangeKind>();
  private queued = false;
  private running: Promise<void> = Promise.resolve();
  private listening: Listening | null = null;
  private connected = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    bus: LiveBus,
    private readonly log: Logger,
    options: LiveFeedOptions | number = {},
  ) {
    this.changes = new LiveChanges(db, bus);
    const o = typeof options === 'number' ? { pollMs: options } : options;
    this.opts = { pollMs: o.pollMs ?? 1_000, safetyPollMs: o.safetyPollMs ?? 5_000, notifications: o.notifications ?? true };
  }

  /** True while a LISTEN connection is up (the feed then polls only at the safety period). */
  get notified(): boolean {
    return this.connected;
  }

  async start(): Promise<void> {
    await this.changes.init();
    if (this.opts.notifications && this.db.listen) {
      this.listening = await this.db.listen(LIVE_CHANNEL, (payload) => this.wake(asKinds(payload)), {
        onConnected: (reconnected) => {
          this.connected = true;
          this.schedule();
          if (reconnected) {
            this.log.info('live feed: LISTEN re-established, catching up');
            this.wake();
          }
        },
        onError: (err) => {
          if (this.connected) this.log.warn({ err }, 'live feed: LISTEN connection lost, polling until it is back');
          else this.log.debug({ err }, 'live feed: LISTEN connection still down');
          this.connected = false;
          this.schedule();
        },
      });
    }
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.listening?.close();
    this.listening = null;
    await this.running;
  }

  /** Reads now what these kinds changed (coalesced: a read already queued takes them along). */
  wake(kinds: readonly ChangeKind[] = CHANGE_KINDS): void {
    for (const k of kinds) this.dirty.add(k);
    if (this.queued || this.stopped) return;
    this.queued = true;
    this.running = this.running.then(async () => {
      this.queued = false;
      const now = [...this.dirty];
      this.dirty.clear();
      try {
        await this.changes.read(now);
      } catch (err) {
        // Kept for the next read (the next notification or poll), not lost.
        for (const k of now) this.dirty.add(k);
        this.log.error({ err }, 'live feed read failed');
      }
    });
  }

  /** One read of everything, in turn with the others; returns how many events it published. */
  poll(): Promise<number> {
    const read = this.running.then(() => this.changes.read(CHANGE_KINDS));
    // The caller gets this read's error; the chain goes on for the next one.
    this.running = read.then(
      () => undefined,
      () => undefined,
    );
    return read;
  }

  /** (Re)arms the poll timer at the period the LISTEN state calls for. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        this.wake();
        this.schedule();
      },
      this.connected ? this.opts.safetyPollMs : this.opts.pollMs,
    );
  }
}

function asKinds(payload: string): readonly ChangeKind[] {
  return (CHANGE_KINDS as readonly string[]).includes(payload) ? [payload as ChangeKind] : CHANGE_KINDS;
}
