import pg from 'pg';
import { assertChannelName, type ListenEvents, type Listening } from './db.ts';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;

/**
 * One dedicated connection holding a LISTEN (a pooled client cannot: the pool hands it to
 * others and the LISTEN goes with it). When the server goes away (PostgreSQL restarting, a
 * network cut), it reconnects with growing delays and LISTENs again; `onConnected(true)` tells
 * the owner that notifications may have been missed meanwhile.
 */
export class PgListener implements Listening {
  private client: pg.Client | null = null;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private connectedOnce = false;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly onNotify: (payload: string) => void,
    private readonly events: ListenEvents = {},
  ) {
    assertChannelName(channel);
  }

  /** Resolves after the first attempt; a failed first attempt is reported and retried like any other. */
  async start(): Promise<this> {
    await this.connect();
    return this;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    if (client) await client.end();
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.connectionString });
    let lost = false;
    const onLost = (err: Error) => {
      if (lost) return;
      lost = true;
      this.lost(client, err);
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('listening connection ended')));
    client.on('notification', (n) => {
      if (n.channel === this.channel) this.onNotify(n.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (err) {
      onLost(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (lost) return;
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
    this.retryMs = RETRY_MIN_MS;
    const reconnected = this.connectedOnce;
    this.connectedOnce = true;
    this.events.onConnected?.(reconnected);
  }

  private lost(client: pg.Client, err: Error): void {
    if (this.client === client) this.client = null;
    if (this.closed) return;
    // A client that failed may still hold a socket; an error while ending it is reported, not thrown.
    client.end().catch((endErr: unknown) => this.events.onError?.(endErr instanceof Error ? endErr : new Error(String(endErr))));
    this.events.onError?.(err);
    // Full jitter, so hubs restarted together do not reconnect in step.
    const delay = Math.round(this.retryMs / 2 + (Math.random() * this.retryMs) / 2);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
