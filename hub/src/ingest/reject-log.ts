import type { Logger } from 'pino';
import type { HubMetrics } from '../metrics.ts';
import type { Rejection } from './ingest-types.ts';

/**
 * Counts every rejection by reason and logs at most one line per reason per interval
 * (with how many were suppressed), so a misbehaving station cannot flood the log.
 */
export class RejectLog {
  private readonly lastLogged = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    private readonly metrics: HubMetrics,
    private readonly intervalMs = 10_000,
    private readonly now = () => Date.now(),
  ) {}

  record(r: Rejection, topic: string): void {
    this.metrics.rejected.inc({ reason: r.reason });
    const t = this.now();
    const last = this.lastLogged.get(r.reason);
    if (last !== undefined && t - last < this.intervalMs) {
      this.suppressed.set(r.reason, (this.suppressed.get(r.reason) ?? 0) + 1);
      return;
    }
    const suppressed = this.suppressed.get(r.reason) ?? 0;
    this.lastLogged.set(r.reason, t);
    this.suppressed.set(r.reason, 0);
    this.log.warn(
      { reason: r.reason, stationId: r.stationId ?? undefined, topic, detail: r.detail.slice(0, 300), suppressed },
      'message rejected',
    );
  }
}
