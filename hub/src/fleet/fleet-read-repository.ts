import { CAMERA_CAUSES, type CameraCause, type CameraMapStatus, type StationLiveness } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { scopeCondition, type Scope } from '../auth/scope.ts';
import type { StationColumns } from './station-columns.ts';

export interface StationRow {
  id: string;
  name: string;
  unitId: string;
  address: string;
  lat: number;
  lon: number;
  road: string | null;
  installedAt: string;
  contactName: string | null;
  contactPhone: string | null;
  state: StationLiveness;
  lastSeenAt: number | null;
  stateSince: number | null;
}

export interface CameraRow {
  id: string;
  stationId: string;
  make: string;
  model: string;
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
  status: CameraMapStatus;
  cause: CameraCause | null;
  since: number | null;
}

export interface UnitRow {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  areaKm2: number | null;
}

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);

/** An agent cause, or null for the hub's own `unknown` causes (station_offline, no_data) and anything unexpected. */
export function asCause(cause: string | null): CameraCause | null {
  return cause !== null && (CAMERA_CAUSES as readonly string[]).includes(cause) ? (cause as CameraCause) : null;
}

const STATION_SQL = `SELECT s.id, s.name, s.unit_id, s.address, s.lat, s.lon, s.road, to_char(s.installed_at, 'YYYY-MM-DD') AS installed_at,
  s.contact_name, s.contact_phone, l.state, l.last_seen_at, l.changed_at
  FROM stations s LEFT JOIN station_liveness l ON l.station_id = s.id`;

type RawStation = StationColumns & {
  state: 'online' | 'offline' | null;
  last_seen_at: Date | null;
  changed_at: Date | null;
};

function toStation(r: RawStation): StationRow {
  return {
    id: r.id,
    name: r.name,
    unitId: r.unit_id,
    address: r.address,
    lat: r.lat,
    lon: r.lon,
    road: r.road,
    installedAt: r.installed_at,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    state: r.state ?? 'never',
    lastSeenAt: ms(r.last_seen_at),
    stateSince: ms(r.changed_at),
  };
}

// A camera with no open interval has never been heard of (or its station never was): unknown.
const CAMERA_SQL = `SELECT c.id, c.station_id, c.make, c.model, c.bearing_deg, c.fov_deg, c.range_m, i.status, i.cause, i.started_at
  FROM cameras c JOIN stations s ON s.id = c.station_id
  LEFT JOIN camera_status_intervals i ON i.camera_id = c.id AND i.ended_at IS NULL`;

type RawCamera = {
  id: string;
  station_id: string;
  make: string;
  model: string;
  bearing_deg: number;
  fov_deg: number;
  range_m: number;
  status: CameraMapStatus | null;
  cause: string | null;
  started_at: Date | null;
};

function toCamera(r: RawCamera): CameraRow {
  return {
    id: r.id,
    stationId: r.station_id,
    make: r.make,
    model: r.model,
    bearingDeg: r.bearing_deg,
    fovDeg: r.fov_deg,
    rangeM: r.range_m,
    status: r.status ?? 'unknown',
    cause: asCause(r.cause),
    since: ms(r.started_at),
  };
}

/**
 * Read side of the fleet for the API: stations, cameras and units with their current status,
 * always filtered by the caller's scope in SQL (nothing outside it is ever loaded).
 */
export class FleetReadRepository {
  constructor(private readonly db: Db) {}

  async stations(scope: Scope): Promise<StationRow[]> {
    const params: unknown[] = [];
    const r = await this.db.query<RawStation>(
      // The programme's stations: a collector (checking owners' recorders) is not one of them on the map, in unit counts or the repair queue.
      `${STATION_SQL} WHERE s.retired_at IS NULL AND s.type = 'programme' AND ${scopeCondition(scope, 's.unit_id', params)} ORDER BY s.id`,
      params,
    );
    return r.rows.map(toStation);
  }

  /** One station, or null when it does not exist, is retired or lies outside the scope. */
  async station(scope: Scope, id: string): Promise<StationRow | null> {
    const params: unknown[] = [id];
    const r = await this.db.query<RawStation>(
      `${STATION_SQL} WHERE s.id = $1 AND s.retired_at IS NULL AND ${scopeCondition(scope, 's.unit_id', params)}`,
      params,
    );
    return r.rows[0] ? toStation(r.rows[0]) : null;
  }

  async cameras(scope: Scope, stationId?: string): Promise<CameraRow[]> {
    const params: unknown[] = [];
    const byStation = stationId === undefined ? '' : `AND c.station_id = $${params.push(stationId)}`;
    const r = await this.db.query<RawCamera>(
      `${CAMERA_SQL} WHERE c.retired_at IS NULL AND s.retired_at IS NULL ${byStation} AND ${scopeCondition(scope, 's.unit_id', params)} ORDER BY c.id`,
      params,
    );
    return r.rows.map(toCamera);
  }

  /** A camera in scope, with its station's unit; null otherwise. */
  async camera(scope: Scope, id: string): Promise<(CameraRow & { unitId: string }) | null> {
    const params: unknown[] = [id];
    const r = await this.db.query<RawCamera & { unit_id: string }>(
      `${CAMERA_SQL.replace('SELECT c.id,', 'SELECT s.unit_id, c.id,')} WHERE c.id = $1 AND c.retired_at IS NULL AND ${scopeCondition(scope, 's.unit_id', params)}`,
      params,
    );
    const row = r.rows[0];
    return row ? { ...toCamera(row), unitId: row.unit_id } : null;
  }

  async units(): Promise<UnitRow[]> {
    const r = await this.db.query<{ id: string; name: string; kind: string; parent_id: string | null; area_km2: number | null }>(
      'SELECT id, name, kind, parent_id, area_km2 FROM units WHERE retired_at IS NULL ORDER BY id',
    );
    return r.rows.map((u) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parent_id, areaKm2: u.area_km2 }));
  }

  /** The unit of a station (retired or not), for scoping live events and alerts. */
  async unitOfStation(stationId: string): Promise<string | null> {
    const r = await this.db.query<{ unit_id: string }>('SELECT unit_id FROM stations WHERE id = $1', [stationId]);
    return r.rows[0]?.unit_id ?? null;
  }

  /** Road signs ("route under camera watch") in the scope. */
  async roadSigns(scope: Scope): Promise<{ id: string; lat: number; lon: number; road: string; label: string }[]> {
    const params: unknown[] = [];
    const r = await this.db.query<{ id: string; lat: number; lon: number; road: string; label: string }>(
      `SELECT id, lat, lon, road, label FROM road_signs WHERE retired_at IS NULL AND ${scopeCondition(scope, 'unit_id', params)} ORDER BY id`,
      params,
    );
    return r.rows;
  }
}
