import { RepairQueue, type RepairItem } from '@camwatch/config';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { snapshotRef } from '../snapshots/snapshot-refs.ts';
import { errorResponses } from '../http/route-helpers.ts';

/**
 * What to repair, longest outage first: cameras down, and the cameras of stations that are
 * offline (one root cause, but the technician visits the cameras). Each with the last
 * snapshot taken before it failed, to see how it looked when it still worked.
 */
const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['lists'],
        summary: 'Cameras down and stations offline in my area, longest outage first',
        response: { 200: RepairQueue, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const [units, stations, cameras] = await Promise.all([ctx.fleet.units(), ctx.fleet.stations(p.scope), ctx.fleet.cameras(p.scope)]);
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
      const good = await ctx.snapshotsRead.lastBeforeMany(broken.map((b) => ({ cameraId: b.c.id, ts: b.since })));
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
          lastGoodSnapshot: await snapshotRef(ctx.snapshotLinks, good.get(`${c.id}|${since}`), p.userId),
        });
      }
      return { items };
    },
  );
};

export default routes;
