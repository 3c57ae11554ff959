import {
  INVESTIGATION_MAX_WINDOW_MS,
  INVESTIGATION_SEARCH_RADIUS_M,
  type Investigation,
  type GeoPoint,
  type InvestigationCamera,
  type InvestigationPrivateCamera,
  type InvestigationQuery,
} from '@camwatch/config';
import type { Db } from '../db/db.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Principal } from '../auth/auth-service.ts';
import type { GeoFiles } from '../map/geo-files.ts';
import type { SnapshotLinks } from '../snapshots/snapshot-links.ts';
import { snapshotRef } from '../snapshots/snapshot-refs.ts';
import { withoutJit } from '../db/without-jit.ts';
import { InvestigationArea } from './investigation-area.ts';
import { boxAround, InvestigationInputError, parseRoute, sampleRoute, seenDistance } from './investigation-geometry.ts';
import { InvestigationRepository } from './investigation-repository.ts';
import { windowStatus } from './investigation-status.ts';

/** The spot is outside the caller's area: answered like a missing resource elsewhere (403 here, the spot is theirs to name). */
export class InvestigationAreaError extends Error {
  override name = 'InvestigationAreaError';
}

export type InvestigationFormat = 'json' | 'html' | 'csv';

export interface InvestigationOptions {
  now?: () => number;
  /**
   * Keep only cameras within the search radius in SQL (default true). false reads every camera
   * of the caller's area and tests each with viewCovers: the bench's baseline, never production.
   */
  prefilter?: boolean;
}

const WHOLE_WORLD = { south: -90, north: 90, west: -180, east: 180 };

/**
 * "Who could have seen it": the programme cameras whose view (the shared rule in config,
 * viewCovers) covers a spot or any sample of a short route, each with its status over the
 * window and the snapshots either side. Only inside the caller's area; every query audited,
 * refused ones included (who asked where is the point of the record).
 */
export class InvestigationService {
  private readonly db: Db;
  private readonly repo: InvestigationRepository;
  private readonly area: InvestigationArea;

  constructor(
    pool: Db,
    geo: GeoFiles,
    private readonly links: SnapshotLinks,
    private readonly audit: AuditLog,
    private readonly options: InvestigationOptions = {},
  ) {
    // Short interactive queries: JIT compilation costs more than it saves (see the uptime service).
    this.db = withoutJit(pool);
    this.repo = new InvestigationRepository(this.db);
    this.area = new InvestigationArea(geo, this.repo);
  }

  async run(p: Principal, q: InvestigationQuery, format: InvestigationFormat, ip: string | null): Promise<Investigation> {
    const route = parseRoute(q.route);
    if (q.to <= q.from) throw new InvestigationInputError('/to', 'the window must end after it starts');
    if (q.to - q.from > INVESTIGATION_MAX_WINDOW_MS)
      throw new InvestigationInputError('/to', `the window may last at most ${INVESTIGATION_MAX_WINDOW_MS / 86_400_000} days`);
    const asOf = (this.options.now ?? Date.now)();
    const actor = { userId: p.userId, username: p.username };
    const record = async (outcome: 'answered' | 'refused_area', cameraIds: string[], privateCameraIds: number[], tx?: Db) =>
      this.audit.record(
        {
          actor,
          action: 'investigation.run',
          targetKind: 'location',
          targetId: `${route[0]!.lat.toFixed(6)},${route[0]!.lon.toFixed(6)}`,
          detail: { route: route.map((x) => [x.lat, x.lon]), from: q.from, to: q.to, format, outcome, cameraIds, privateCameraIds },
          ip,
        },
        tx,
      );
    for (const point of route) {
      if (await this.area.contains(p.scope, point)) continue;
      await record('refused_area', [], []);
      throw new InvestigationAreaError(`${point.lat},${point.lon} is outside your area`);
    }
    const samples = sampleRoute(route);
    const window = { from: q.from, to: q.to };
    const candidates = await this.repo.camerasInBox(this.searchBox(samples), p.scope, window);
    const seen = candidates.flatMap((c) => {
      const distanceM = seenDistance(c, samples);
      return distanceM === null ? [] : [{ ...c, distanceM }];
    });
    const ids = seen.map((c) => c.cameraId);
    const [status, around] = [
      await windowStatus(this.db, ids, { from: q.from, to: q.to }, asOf),
      await this.repo.snapshotsAround(ids, window),
    ];
    const cameras: InvestigationCamera[] = [];
    for (const c of seen) {
      const s = status.get(c.cameraId);
      if (!s) continue; // retired between the two reads
      cameras.push({
        ...c,
        distanceM: Math.round(c.distanceM),
        ...s,
        snapshotBefore: await snapshotRef(this.links, around.before.get(c.cameraId), p.userId),
        snapshotAfter: await snapshotRef(this.links, around.after.get(c.cameraId), p.userId),
      });
    }
    cameras.sort((a, b) => a.distanceM - b.distanceM || a.cameraId.localeCompare(b.cameraId));
    const privateCameras = await this.privateCameras(p, samples, q.to, asOf);
    // The query and every owner's contact it handed out are recorded together, the latter as the
    // register records its own contact reads, so "who saw this owner's phone" has one answer.
    await this.db.transaction(async (tx) => {
      await record(
        'answered',
        cameras.map((c) => c.cameraId),
        privateCameras.map((c) => c.id),
        tx,
      );
      for (const c of privateCameras)
        if (c.owner)
          await this.audit.record(
            {
              actor,
              action: 'private_camera.contact_read',
              targetKind: 'private_camera',
              targetId: String(c.id),
              detail: { unitId: c.unitId, via: 'investigation' },
              ip,
            },
            tx,
          );
    });
    return { route, from: q.from, to: q.to, asOf, programmeCameras: cameras, privateCameras };
  }

  private searchBox(samples: readonly GeoPoint[]) {
    return this.options.prefilter === false ? WHOLE_WORLD : boxAround(samples, INVESTIGATION_SEARCH_RADIUS_M);
  }

  /** Registered private cameras that see the spot; owners only for callers who may contact them. */
  private async privateCameras(p: Principal, samples: GeoPoint[], windowEnd: number, asOf: number): Promise<InvestigationPrivateCamera[]> {
    const withContact = p.permissions.has('private_camera.contact');
    const candidates = await this.repo.privateCamerasInBox(this.searchBox(samples), p.scope);
    const out: InvestigationPrivateCamera[] = [];
    for (const c of candidates) {
      const distanceM = seenDistance(c, samples);
      if (distanceM === null) continue;
      const days = c.recorder?.daysKept ?? null;
      const footageKeptUntil = days === null ? null : windowEnd + days * 86_400_000;
      out.push({
        ...c,
        owner: withContact ? c.owner : null,
        distanceM: Math.round(distanceM),
        footageKeptUntil,
        footageProbablyKept: footageKeptUntil === null ? null : footageKeptUntil > asOf,
      });
    }
    return out.sort((a, b) => a.distanceM - b.distanceM || a.id - b.id);
  }
}
