import type { UptimeService } from '../uptime/index.ts';
import { uptimeOfUnits } from '../reports/unit-uptime-batch.ts';
import type { UnitRow } from './fleet-read-repository.ts';

const WEEK_MS = 7 * 86_400_000;

/**
 * 7-day uptime per unit for colouring the map, kept for `ttlMs`: the colours of a week-long
 * figure do not need to move every second.
 */
export class UnitUptimeCache {
  private readonly cache = new Map<string, { pct: number | null; at: number }>();

  constructor(
    private readonly uptime: UptimeService,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(units: readonly UnitRow[], wanted: readonly string[]): Promise<Map<string, number | null>> {
    const now = this.now();
    const missing = wanted.filter((id) => {
      const hit = this.cache.get(id);
      return !hit || now - hit.at >= this.ttlMs;
    });
    if (missing.length) {
      const fresh = await uptimeOfUnits(this.uptime, units, missing, { from: now - WEEK_MS, to: now });
      for (const [id, agg] of fresh) this.cache.set(id, { pct: agg?.uptimePct ?? null, at: now });
    }
    return new Map(wanted.map((id) => [id, this.cache.get(id)?.pct ?? null]));
  }
}
