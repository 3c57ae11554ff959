/**
 * A token bucket per station. A well-behaved agent sends about one message a minute per camera
 * and replays at most `replayMaxMsgsPerSec` after an outage; a station far above that is broken
 * or hostile, and must not crowd out the rest of the fleet's ingest.
 */
export class StationRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perSec: number, private readonly burst: number) {}

  take(stationId: string, now: number): boolean {
    const b = this.buckets.get(stationId) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSec);
    b.at = now;
    this.buckets.set(stationId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
