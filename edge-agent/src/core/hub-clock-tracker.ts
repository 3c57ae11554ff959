import type { Logger } from 'pino';
import { decodeJson, formatIssues } from '@camwatch/config';
import type { Emit } from './emitter.ts';
import { monotonicNow, type Clock } from './ports.ts';

/** Edge clock off the hub's by more than this is worth an event (samples would land at the wrong time). */
const SKEW_EVENT_MS = 60_000;
const SKEW_EVENT_EVERY_MS = 3_600_000;

/** Clock offset (edge minus hub) from the hub's time beacon, corrected by half the uplink round trip. */
export class HubClockTracker {
  offsetMs: number | null = null;
  private lastSkewEventAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: { clock: Clock; logger: Logger; rejects: Map<string, number>; emit: Emit; latencyMs: () => number | null },
  ) {}

  receive(payload: Buffer): void {
    const decoded = decodeJson('hubClock', payload);
    if (!decoded.ok) {
      const reason = `hubClock_${decoded.reason}`;
      this.deps.rejects.set(reason, (this.deps.rejects.get(reason) ?? 0) + 1);
      this.deps.logger.warn({ reason, issues: formatIssues(decoded.issues) }, 'invalid hub clock beacon');
      return;
    }
    const now = this.deps.clock.now();
    const oneWay = (this.deps.latencyMs() ?? 0) / 2;
    this.offsetMs = Math.round(now - (decoded.value.hubTs + oneWay));
    const mono = monotonicNow(this.deps.clock);
    if (Math.abs(this.offsetMs) >= SKEW_EVENT_MS && mono - this.lastSkewEventAt >= SKEW_EVENT_EVERY_MS) {
      this.lastSkewEventAt = mono;
      this.deps.emit('event', {
        kind: 'clock_skew',
        cameraId: null,
        message: `station clock is ${Math.round(this.offsetMs / 1000)} s off the hub clock`,
        gap: null,
      });
    }
  }
}
