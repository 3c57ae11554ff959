import type { UptimeAggregate } from '@camwatch/config';
import type { UptimeRange, UptimeService } from '../uptime/index.ts';

export interface UnitLink {
  id: string;
  parentId: string | null;
}

/**
 * Uptime of many units at once: each unit's figure is read from its parent's breakdown, so one
 * pass over a parent measures all its children (a province's 192 communes take 15 passes,
 * not 192). Roots are measured on their own.
 */
export async function uptimeOfUnits(
  uptime: UptimeService,
  units: readonly UnitLink[],
  ids: readonly string[],
  range: UptimeRange,
): Promise<Map<string, UptimeAggregate | null>> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out = new Map<string, UptimeAggregate | null>();
  const wanted = new Set(ids);
  const parents = new Set<string>();
  for (const id of ids) {
    const parent = byId.get(id)?.parentId ?? null;
    if (parent === null) out.set(id, (await uptime.unitUptime(id, range))?.total ?? null);
    else parents.add(parent);
  }
  for (const parent of parents) {
    const b = await uptime.unitBreakdown(parent, range);
    for (const child of b?.children ?? []) {
      if (!wanted.has(child.unitId)) continue;
      const { unitId: _u, name: _n, kind: _k, ...figures } = child;
      out.set(child.unitId, figures);
    }
  }
  for (const id of ids) if (!out.has(id)) out.set(id, null);
  return out;
}
