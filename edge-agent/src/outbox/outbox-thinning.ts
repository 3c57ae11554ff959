import type { DataKind, GapSummary } from './outbox-types.ts';

export interface ThinnableRow {
  id: number;
  ts: number;
  bytes: number;
}

export interface ThinningPlan {
  victims: number[];
  gaps: GapSummary[];
}

/**
 * Chooses what to drop to free `need` bytes. Kinds are visited in `order`; within a kind, every
 * other record is dropped, oldest first, and the pass repeats on what is left, so an old outage
 * is kept at a coarser resolution instead of being cut off. The newest record of a kind is kept
 * while the kind still has older ones. Pure: the caller deletes and writes the gap markers.
 */
export function planThinning(order: readonly DataKind[], rowsOf: (kind: DataKind) => ThinnableRow[], need: number): ThinningPlan {
  const plan: ThinningPlan = { victims: [], gaps: [] };
  let remaining = need;
  for (const kind of order) {
    if (remaining <= 0) break;
    let rows = rowsOf(kind);
    const gap: GapSummary = { kind, dropped: 0, fromTs: Number.MAX_SAFE_INTEGER, toTs: 0 };
    while (remaining > 0 && rows.length > 1) {
      const kept: ThinnableRow[] = [];
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const drop = remaining > 0 && i % 2 === 0 && i < rows.length - 1;
        if (!drop) {
          kept.push(row);
          continue;
        }
        plan.victims.push(row.id);
        remaining -= row.bytes;
        gap.dropped++;
        gap.fromTs = Math.min(gap.fromTs, row.ts);
        gap.toTs = Math.max(gap.toTs, row.ts);
      }
      rows = kept;
    }
    if (gap.dropped > 0) plan.gaps.push(gap);
  }
  return plan;
}

/** The counts a gap marker carries (`gap` of an `outbox_gap` event). */
export type MarkerCounts = Omit<GapSummary, 'kind'>;

/**
 * The gap markers to write for `plan`. A thinned gap marker takes the records it counted with it:
 * the new event marker counts them too (and spans their time), so every missing seq stays counted.
 */
export function carryMarkers(plan: ThinningPlan, markers: ReadonlyMap<number, MarkerCounts>): { planned: GapSummary; gap: GapSummary }[] {
  const carried = { dropped: 0, fromTs: Number.MAX_SAFE_INTEGER, toTs: 0 };
  for (const id of plan.victims) {
    const marker = markers.get(id);
    if (!marker) continue;
    carried.dropped += marker.dropped;
    carried.fromTs = Math.min(carried.fromTs, marker.fromTs);
    carried.toTs = Math.max(carried.toTs, marker.toTs);
  }
  return plan.gaps.map((planned) => ({
    planned,
    gap:
      planned.kind === 'event' && carried.dropped > 0
        ? {
            ...planned,
            dropped: planned.dropped + carried.dropped,
            fromTs: Math.min(planned.fromTs, carried.fromTs),
            toTs: Math.max(planned.toTs, carried.toTs),
          }
        : planned,
  }));
}
