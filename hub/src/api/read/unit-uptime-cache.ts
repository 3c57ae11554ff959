import type { UptimeService } from '../../uptime/index.ts';
import type { UnitRow } from './fleet-read-repository.ts';

const WEEK_MS = 7 * 86_400_000;

/**
 * 7-day uptime per unit for colouring the map, from the UptimeService. A unit's figure is read
 * from its parent's breakdown (one pass per parent computes all siblings), and kept for
 * `ttlMs`: the colours of a week-long figure do not need to move every second.
 */
export class UnitUptimeCache {
  private readonly cache = new Map<string, { pct: number | null; at: number }>();

  constructor(private readonly uptime: UptimeService, private readonly ttlMs = 5 * 60_000, private readonly now: () => number = Date.now) {}

  async get(units: readonly UnitRow[], wanted: readonly string[]): Promise<Map<string, number | null>> {
    const now = this.now();
    const out = new Map<string, number | null>();
    const missing = wanted.filter((id) => {
      const hit = this.cache.get(id);
      if (hit && now - hit.at < this.ttlMs) out.set(id, hit.pct);
      return !out.has(id);
    });
    if (missing.length === 0) return out;
    const byId = new Map(units.map((u) => [u.id, u]));
    const range = { from: now - WEEK_MS, to: now };
    const parents = new Set<string>();
    for (const id of missing) {
      const parent = byId.get(id)?.parentId ?? null;
      if (parent === null) {
        const r = await this.uptime.unitUptime(id, range);
        this.put(out, id, r?.total.uptimePct ?? null, now);
      } else {
        parents.add(parent);
      }
    }
    for (const parent of parents) {
      const b = await this.uptime.unitBreakdown(parent, range);
      for (const child of b?.children ?? []) this.put(out, child.unitId, child.uptimePct, now);
    }
    for (const id of missing) if (!out.has(id)) this.put(out, id, null, now);
    return new Map(wanted.map((id) => [id, out.get(id) ?? null]));
  }

  private put(out: Map<string, number | null>, id: string, pct: number | null, at: number): void {
    this.cache.set(id, { pct, at });
    out.set(id, pct);
  }
}
