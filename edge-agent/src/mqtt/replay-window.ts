/**
 * How many replayed messages may be unacknowledged at once: a congestion window driven by PUBACK
 * round trips, so a backlog drains as fast as the link and broker take it and no faster.
 *
 * It starts full (a reconnect drains as fast as the single queue did, which `pnpm bench replay`
 * holds it to). A slow ack (round trip beyond twice the best one seen on this connection plus a
 * slack for jitter) or a failed publish cuts it to 70 %, at most once per round trip (only for a
 * message sent after the last cut, as TCP does), so one burst of late acks is one signal, not
 * twenty; each prompt ack grows it by one again. 70 % rather than half: a station's uplink is its
 * own, and halving on every 4G hiccup measured slower drains than the single queue under load.
 */
export class ReplayWindow {
  private value: number;
  private bestRttMs = Number.POSITIVE_INFINITY;
  private cutAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly opts: {
      min: number;
      max: number;
      /** Added to twice the best round trip before an ack counts as slow: 4G jitter alone must not cut the window. */
      slackMs: number;
    },
  ) {
    this.value = opts.max;
  }

  /** Replayed messages allowed in flight now. */
  get size(): number {
    return Math.floor(this.value);
  }

  /** A replayed message sent at `sentAt` was acknowledged at `now`. */
  acked(sentAt: number, now: number): void {
    const rtt = now - sentAt;
    this.bestRttMs = Math.min(this.bestRttMs, rtt);
    if (rtt <= 2 * this.bestRttMs + this.opts.slackMs) this.value = Math.min(this.opts.max, this.value + 1);
    else this.cut(sentAt, now);
  }

  /** A replayed message sent at `sentAt` failed: the path is in trouble. */
  failed(sentAt: number, now: number): void {
    this.cut(sentAt, now);
  }

  /** A new connection may take a new path: start full again and forget the old round trips. */
  reset(): void {
    this.value = this.opts.max;
    this.bestRttMs = Number.POSITIVE_INFINITY;
    this.cutAt = Number.NEGATIVE_INFINITY;
  }

  private cut(sentAt: number, now: number): void {
    if (sentAt < this.cutAt) return;
    this.value = Math.max(this.opts.min, Math.floor(this.value * 0.7));
    this.cutAt = now;
  }
}
