import type { OutageReport, OutageReportItem, UptimeScope } from '@camwatch/config';
import type { Principal } from '../auth/auth-service.ts';
import { asCause } from '../fleet/fleet-read-repository.ts';
import type { SnapshotLinks } from '../snapshots/snapshot-links.ts';
import type { SnapshotReadRepository } from '../snapshots/snapshot-read-repository.ts';
import { snapshotRef } from '../snapshots/snapshot-refs.ts';
import type { UptimeRange, UptimeService } from '../uptime/index.ts';

const MAX_ITEMS = 5_000;

export interface OutageReportDeps {
  uptime: UptimeService;
  snapshots: SnapshotReadRepository;
  links: SnapshotLinks;
  stationInfo: (ids: readonly string[]) => Promise<Map<string, { name: string; unitId: string; unitName: string }>>;
}

/**
 * Outages in a scope and range, oldest first, each with how long it lasted and the last
 * snapshot taken before it began (how the camera looked while it still worked), plus MTTR.
 * Only outages of stations in the caller's area are listed.
 */
export async function buildOutageReport(
  deps: OutageReportDeps,
  p: Principal,
  scope: UptimeScope,
  range: UptimeRange,
): Promise<OutageReport> {
  const list = await deps.uptime.outages(scope, range);
  const info = await deps.stationInfo([...new Set(list.outages.map((o) => o.stationId))]);
  const visible = list.outages.filter((o) => {
    const s = info.get(o.stationId);
    return s !== undefined && (p.scope.all || p.scope.units.has(s.unitId));
  });
  const resolved = visible.filter((o) => o.endedAt !== null && o.endedAt <= range.to);
  const shown = visible.slice(0, MAX_ITEMS);
  const good = await deps.snapshots.lastBeforeMany(shown.map((o) => ({ cameraId: o.cameraId, ts: o.startedAt })));
  const items: OutageReportItem[] = [];
  for (const o of shown) {
    const s = info.get(o.stationId)!;
    items.push({
      cameraId: o.cameraId,
      stationId: o.stationId,
      stationName: s.name,
      unitId: s.unitId,
      unitName: s.unitName,
      startedAt: o.startedAt,
      endedAt: o.endedAt,
      durationMs: o.durationMs,
      downMsInRange: o.downMsInRange,
      cause: asCause(o.cause),
      lastGoodSnapshot: await snapshotRef(deps.links, good.get(`${o.cameraId}|${o.startedAt}`), p.userId),
    });
  }
  return {
    from: range.from,
    to: range.to,
    count: visible.length,
    resolved: resolved.length,
    mttrMs: resolved.length ? resolved.reduce((sum, o) => sum + o.durationMs, 0) / resolved.length : null,
    items,
  };
}
