import type { StationDetail } from '@camwatch/config';
import type { Principal } from '../auth/auth-service.ts';
import type { Db } from '../db/db.ts';
import type { SnapshotLinks } from '../snapshots/snapshot-links.ts';
import type { SnapshotReadRepository } from '../snapshots/snapshot-read-repository.ts';
import { snapshotRef } from '../snapshots/snapshot-refs.ts';
import type { UptimeService } from '../uptime/index.ts';
import { AgentVersionRepository } from './agent-version-repository.ts';
import type { FleetReadRepository } from './fleet-read-repository.ts';
import { StationDetailRepository } from './station-detail-repository.ts';
import { AimFlagRepository } from '../references/aim-flag-repository.ts';
import { ReferenceRepository } from '../references/reference-repository.ts';

const DAY_MS = 86_400_000;

/**
 * The station panel: status, health, agent version, cameras with their snapshots (as links signed
 * for the viewer), reference origin, aim flag and 24 h uptime, recent events.
 */
export class StationDetailService {
  private readonly details: StationDetailRepository;
  private readonly versions: AgentVersionRepository;
  private readonly references = new ReferenceRepository();
  private readonly aimFlags = new AimFlagRepository();

  constructor(
    private readonly db: Db,
    private readonly fleet: FleetReadRepository,
    private readonly uptime: UptimeService,
    private readonly snapshotLinks: SnapshotLinks,
    private readonly snapshotsRead: SnapshotReadRepository,
  ) {
    this.details = new StationDetailRepository(db);
    this.versions = new AgentVersionRepository(db);
  }

  /** null: no such station in the viewer's area. */
  async detail(p: Principal, id: string): Promise<StationDetail | null> {
    const s = await this.fleet.station(p.scope, id);
    if (!s) return null;
    const now = Date.now();
    const [cameras, units, health, agentVersion, events, uptime] = await Promise.all([
      this.fleet.cameras(p.scope, s.id),
      this.fleet.units(),
      this.details.latestHealth(s.id),
      this.versions.stations(p.scope, s.id).then((r) => r[0]),
      this.details.events(s.id),
      this.uptime.stationUptime(s.id, { from: now - DAY_MS, to: now }),
    ]);
    const ids = cameras.map((c) => c.id);
    const [latest, reference, texts, origins, aimFlags] = await Promise.all([
      this.snapshotsRead.latest(ids),
      this.snapshotsRead.reference(ids),
      this.details.lastDetails(ids),
      this.references.origins(this.db, ids),
      this.aimFlags.ofCameras(this.db, ids),
    ]);
    const uptimeOf = new Map(uptime.cameras.map((c) => [c.cameraId, c.uptimePct]));
    return {
      id: s.id,
      name: s.name,
      unitId: s.unitId,
      unitName: units.find((u) => u.id === s.unitId)?.name ?? s.unitId,
      address: s.address,
      lat: s.lat,
      lon: s.lon,
      road: s.road,
      installedAt: s.installedAt,
      contactName: s.contactName,
      contactPhone: s.contactPhone,
      status: s.state,
      lastSeenAt: s.lastSeenAt,
      agentVersion: agentVersion?.version ?? null,
      agentVersionSince: agentVersion?.since ?? null,
      health,
      cameras: await Promise.all(
        cameras.map(async (c) => ({
          id: c.id,
          make: c.make,
          model: c.model,
          bearingDeg: c.bearingDeg,
          fovDeg: c.fovDeg,
          rangeM: c.rangeM,
          status: c.status,
          cause: c.cause,
          detail: (texts.get(c.id) ?? '').slice(0, 256),
          since: c.since,
          uptime24hPct: uptimeOf.get(c.id) ?? null,
          latestSnapshot: await snapshotRef(this.snapshotLinks, latest.get(c.id), p.userId),
          referenceSnapshot: await snapshotRef(this.snapshotLinks, reference.get(c.id), p.userId),
          reference: origins.get(c.id) ?? null,
          aimFlag: aimFlags.get(c.id) ?? null,
        })),
      ),
      events,
    };
  }
}
