import { TokenBucket } from '@camwatch/config';

/**
 * A token bucket per station. A well-behaved agent sends about one message a minute per camera
 * and replays at most `replayMaxMsgsPerSec` after an outage; a station far above that is broken
 * or hostile, and must not crowd out the rest of the fleet's ingest.
 */
export class StationRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly perSec: number,
    private readonly burst: number,
  ) {}

  take(stationId: string, now: number): boolean {
    let bucket = this.buckets.get(stationId);
    if (!bucket) {
      bucket = new TokenBucket(this.perSec, this.burst, now);
      this.buckets.set(stationId, bucket);
    }
    return bucket.take(now);
  }
}
