import type { ServerResponse } from 'node:http';
import type { LiveEvent } from './live-bus.ts';

/** Most a slow client may lag behind before it is dropped (it reconnects and refetches). */
const MAX_BUFFERED_BYTES = 1 << 20;

/**
 * One Server-Sent Events stream: `event:`/`data:` frames, a `: ping` comment to keep proxies
 * from closing it, and a hard limit on what a slow client may have buffered.
 */
export class SseStream {
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly onClose: () => void,
  ) {
    res.on('close', () => this.close());
  }

  open(): void {
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    this.res.write('retry: 5000\n\n');
  }

  send(event: LiveEvent): void {
    this.write(`event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`);
  }

  ping(): void {
    this.write(': ping\n\n');
  }

  /** Tells the client why the stream ends (e.g. session expired) before closing it. */
  end(reason: string): void {
    this.write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
    this.res.end();
    this.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private write(frame: string): void {
    if (this.closed) return;
    if (this.res.writableLength > MAX_BUFFERED_BYTES) {
      this.res.destroy();
      this.close();
      return;
    }
    this.res.write(frame);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
