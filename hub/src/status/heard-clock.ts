/**
 * How far this hub has really heard the fleet. A station is offline by silence only if the hub
 * was listening and keeping up during the silence: while the hub was down, disconnected from the
 * broker, or behind (a backlog in the broker's queue or waiting for the database), silence is the
 * hub's, not the station's. Blaming the station turns every hub restart into a province of false
 * red markers and false downtime in the monthly report.
 *
 * Evidence used:
 * - the hub's own echo, published at QoS 1 and received back through the broker: everything the
 *   broker queued for this hub before the echo has been delivered when the echo arrives;
 * - the oldest message received but not yet committed (the ingest batcher's, passed in): nothing
 *   after it counts as heard (a snapshot counts from when its JPEG is on disk, milliseconds later);
 * - the moment the hub (re)subscribed: silence before it is unknown, so each station gets a full
 *   timeout from then on (a station that really died meanwhile still goes offline at once by its
 *   retained Last Will, which the broker delivers on subscribe).
 */
export class HeardClock {
  private listeningSince: number | null = null;
  private echoedUntil: number | null = null;

  listening(on: boolean, now: number): void {
    if (!on) {
      this.listeningSince = null;
      this.echoedUntil = null;
    } else if (this.listeningSince === null) {
      this.listeningSince = now;
    }
  }

  /** An echo sent at `sentAt` came back through the broker. */
  echo(sentAt: number, now: number): void {
    if (this.listeningSince === null) return;
    const at = Math.min(sentAt, now);
    if (this.echoedUntil === null || at > this.echoedUntil) this.echoedUntil = at;
  }

  /**
   * The time up to which silence is the stations' own, and the earliest moment the timeout may
   * count from: null when the hub cannot vouch for any silence (not listening, no echo yet).
   */
  heard(oldestUncommittedAt: number | null): { until: number; since: number } | null {
    if (this.listeningSince === null || this.echoedUntil === null) return null;
    const until = oldestUncommittedAt === null ? this.echoedUntil : Math.min(this.echoedUntil, oldestUncommittedAt);
    return { until, since: this.listeningSince };
  }
}

/**
 * Hubs that split the fleet with a shared subscription each receive only part of every station's
 * messages: a station silent to this hub may be talking to another hub that is behind (a stalled
 * commit, a backlog). Silence is certain only up to what every live hub of the group has heard:
 * the earliest `until` and the latest `since` of the hubs that reported within `aliveMs`. A hub
 * gone longer than that no longer holds the others back (its queued share waits for its return).
 */
export function groupHeard(
  own: { until: number; since: number } | null,
  others: readonly { until: number | null; since: number | null }[],
): { until: number; since: number } | null {
  if (!own) return null;
  let { until, since } = own;
  for (const o of others) {
    if (o.until === null || o.since === null) return null; // a live hub that cannot vouch for anything
    until = Math.min(until, o.until);
    since = Math.max(since, o.since);
  }
  return { until, since };
}
