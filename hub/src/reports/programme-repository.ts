import type { Db } from '../db/db.ts';

export interface ProgrammeUnit {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  border: boolean;
}

/** One station as the programme report counts it (stations retired before the period are left out). */
export interface ProgrammeStation {
  id: string;
  unitId: string;
  road: string | null;
  lat: number;
  lon: number;
  inService: boolean;
  cameras: number;
  camerasWorking: number;
  camerasAdded: number;
  camerasRetired: number;
}

/** The programme report's reads: the unit tree under a unit and the per-station counts. */
export class ProgrammeRepository {
  constructor(private readonly db: Db) {}

  /** The unit and every unit below it (any depth), units in service only. */
  async subtree(rootId: string): Promise<ProgrammeUnit[]> {
    const r = await this.db.query<{ id: string; name: string; kind: string; parent_id: string | null; border: boolean }>(
      `WITH RECURSIVE tree AS (
         SELECT id FROM units WHERE id = $1 AND retired_at IS NULL
         UNION ALL SELECT u.id FROM units u JOIN tree t ON u.parent_id = t.id WHERE u.retired_at IS NULL)
       SELECT u.id, u.name, u.kind, u.parent_id, u.border FROM units u JOIN tree t ON t.id = u.id`,
      [rootId],
    );
    return r.rows.map((u) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parent_id, border: u.border }));
  }

  /**
   * Stations of the given units still in service or retired within [from, to): counts now
   * (cameras, cameras ok on an online station) and within the period (cameras added, retired).
   */
  async stations(unitIds: readonly string[], from: number, to: number): Promise<ProgrammeStation[]> {
    const r = await this.db.query<{
      id: string;
      unit_id: string;
      road: string | null;
      lat: number;
      lon: number;
      in_service: boolean;
      cameras: number;
      working: number;
      added: number;
      retired: number;
    }>(
      `SELECT s.id, s.unit_id, s.road, s.lat, s.lon, s.retired_at IS NULL AS in_service,
         count(c.id) FILTER (WHERE c.retired_at IS NULL AND s.retired_at IS NULL)::int AS cameras,
         count(c.id) FILTER (WHERE c.retired_at IS NULL AND s.retired_at IS NULL AND l.state = 'online' AND i.status = 'ok')::int AS working,
         count(c.id) FILTER (WHERE c.added_at >= $2 AND c.added_at < $3)::int AS added,
         count(c.id) FILTER (WHERE c.retired_at >= $2 AND c.retired_at < $3)::int AS retired
       FROM stations s
       LEFT JOIN station_liveness l ON l.station_id = s.id
       LEFT JOIN cameras c ON c.station_id = s.id
       LEFT JOIN camera_status_intervals i ON i.camera_id = c.id AND i.ended_at IS NULL
       WHERE s.unit_id = ANY($1::text[]) AND (s.retired_at IS NULL OR s.retired_at >= $2)
         -- A collector checks owners' recorders: not a programme station (its cameras are on their own line).
         AND s.type = 'programme'
       GROUP BY s.id, s.unit_id, s.road, s.lat, s.lon, s.retired_at, l.state`,
      [unitIds, new Date(from), new Date(to)],
    );
    return r.rows.map((s) => ({
      id: s.id,
      unitId: s.unit_id,
      road: s.road,
      lat: s.lat,
      lon: s.lon,
      inService: s.in_service,
      cameras: s.cameras,
      camerasWorking: s.working,
      camerasAdded: s.added,
      camerasRetired: s.retired,
    }));
  }
}
