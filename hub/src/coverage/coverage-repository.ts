import type { CameraView } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { scopeCondition, type Scope } from '../auth/scope.ts';
import type { CoverageView } from './road-coverage.ts';

export interface ProgrammeView extends CoverageView {
  cameraId: string;
}

/** The programme cameras' views for road coverage: every camera in service, at its station's position. */
export class CoverageRepository {
  constructor(private readonly db: Db) {}

  /**
   * Working = the camera's current status is ok or degraded and its station is not dark: a
   * camera behind a station that stopped answering shows nothing to anyone, whatever it last said.
   */
  async programmeViews(): Promise<ProgrammeView[]> {
    const r = await this.db.query<{
      id: string;
      lat: number;
      lon: number;
      bearing_deg: number;
      fov_deg: number;
      range_m: number;
      working: boolean;
    }>(
      `SELECT c.id, s.lat, s.lon, c.bearing_deg, c.fov_deg, c.range_m,
         (i.status IN ('ok', 'degraded') AND coalesce(l.state, 'never') <> 'offline') AS working
       FROM cameras c
       JOIN stations s ON s.id = c.station_id
       LEFT JOIN camera_status_intervals i ON i.camera_id = c.id AND i.ended_at IS NULL
       LEFT JOIN station_liveness l ON l.station_id = s.id
       WHERE c.retired_at IS NULL AND s.retired_at IS NULL`,
    );
    return r.rows.map((c) => ({
      cameraId: c.id,
      lat: c.lat,
      lon: c.lon,
      bearingDeg: c.bearing_deg,
      fovDeg: c.fov_deg,
      rangeM: c.range_m,
      working: c.working === true,
    }));
  }

  /**
   * Registered private cameras that face the street, inside `area`: their views count as "any
   * camera". Positions and views only; nothing about their owners leaves the register.
   */
  async privateViews(area: Scope): Promise<CameraView[]> {
    const params: unknown[] = [];
    const r = await this.db.query<{ lat: number; lon: number; bearing_deg: number; fov_deg: number; range_m: number }>(
      `SELECT lat, lon, bearing_deg, fov_deg, range_m FROM private_cameras WHERE faces_street AND ${scopeCondition(area, 'unit_id', params)}`,
      params,
    );
    return r.rows.map((c) => ({ lat: c.lat, lon: c.lon, bearingDeg: c.bearing_deg, fovDeg: c.fov_deg, rangeM: c.range_m }));
  }
}
