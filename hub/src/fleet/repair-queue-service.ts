import type { RepairItem } from '@camwatch/config';
import type { Principal } from '../auth/auth-service.ts';
import type { SnapshotLinks } from '../snapshots/snapshot-links.ts';
import type { SnapshotReadRepository } from '../snapshots/snapshot-read-repository.ts';
import { snapshotRef } from '../snapshots/snapshot-refs.ts';
import type { FleetReadRepository } from './fleet-read-repository.ts';

/**
 * What to repair, longest outage first: cameras down, and the cameras of stations that are
 * offline (one root cause, but the technician visits the cameras). Each with the last
 * snapshot taken before it failed, to see how it looked when it still worked.
 */
export class RepairQueueService {
  constructor(
    private readonly fleet: FleetReadRepository,
    private readonly links: SnapshotLinks,
    private readonly snapshots: SnapshotReadRepository,
  ) {}

  async list(p: Principal): Promise<RepairItem[]> {
    const [units, stations, cameras] = await Promise.all([this.fleet.units(), this.fleet.stations(p.scope), this.fleet.cameras(p.scope)]);
    const unitById = new Map(units.map((u) => [u.id, u]));
    const stationById = new Map(stations.map((s) => [s.id, s]));
    type Broken = { c: (typeof cameras)[number]; s: (typeof stations)[number]; status: 'down' | 'unknown'; since: number };
    const broken = cameras.flatMap((c): Broken[] => {
      const s = stationById.get(c.stationId);
      if (!s) return [];
      if (s.state === 'offline') return [{ c, s, status: 'unknown', since: s.stateSince ?? c.since ?? 0 }];
      if (c.status === 'down') return [{ c, s, status: 'down', since: c.since ?? 0 }];
      return [];
    });
    broken.sort((a, b) => a.since - b.since || a.c.id.localeCompare(b.c.id));
    const good = await this.snapshots.lastBeforeMany(broken.map((b) => ({ cameraId: b.c.id, ts: b.since })));
    const items: RepairItem[] = [];
    for (const { c, s, status, since } of broken) {
      const unit = unitById.get(s.unitId);
      const parent = unit?.parentId ? unitById.get(unit.parentId) : undefined;
      items.push({
        cameraId: c.id,
        stationId: s.id,
        stationName: s.name,
        unitId: s.unitId,
        unitName: unit?.name ?? s.unitId,
        districtName: parent?.name ?? null,
        address: s.address,
        lat: s.lat,
        lon: s.lon,
        status,
        cause: status === 'down' ? c.cause : null,
        since,
        lastGoodSnapshot: await snapshotRef(this.links, good.get(`${c.id}|${since}`), p.userId),
      });
    }
    return items;
  }
}
