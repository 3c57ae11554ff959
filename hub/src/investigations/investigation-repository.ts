import type { PrivateCameraConsentScope, PrivateCameraOwnerKind, PrivateCameraRecorderKind } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { scopeCondition, type Scope } from '../auth/scope.ts';
import {
  SNAPSHOT_META_COLUMNS,
  toSnapshotMeta,
  type SnapshotMetaRaw,
  type SnapshotMetaRow,
} from '../snapshots/snapshot-read-repository.ts';
import type { PrivateCameraRow } from '../private-cameras/private-camera-repository.ts';
import { placeOf } from '../private-cameras/private-camera-view.ts';

/** A box in degrees: the spatial prefilter, exact tests follow in the service. */
export interface GeoBox {
  south: number;
  north: number;
  west: number;
  east: number;
}

/** A live programme camera near the spot, with what the answer shows about it. */
export interface CandidateCamera {
  cameraId: string;
  stationId: string;
  stationName: string;
  address: string;
  unitId: string;
  unitName: string;
  lat: number;
  lon: number;
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
}

interface CandidateRow {
  camera_id: string;
  station_id: string;
  station_name: string;
  address: string;
  unit_id: string;
  unit_name: string;
  lat: number;
  lon: number;
  bearing_deg: number;
  fov_deg: number;
  range_m: number;
}

/** A registered private camera near the spot (the register's table, read here with our own query). */
export interface CandidatePrivateCamera {
  id: number;
  unitId: string;
  unitName: string;
  ownerKind: PrivateCameraOwnerKind;
  owner: { name: string; phone: string; address: string };
  lat: number;
  lon: number;
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
  facesStreet: boolean;
  recorder: { kind: PrivateCameraRecorderKind; brand: string | null; daysKept: number | null } | null;
  consentScope: PrivateCameraConsentScope;
}

/** The register's row, less what the investigation never reads. */
type PrivateRow = Omit<PrivateCameraRow, 'consent_date' | 'registered_by' | 'registered_at' | 'updated_at'>;

/** The only part of the investigation module that speaks SQL. */
export class InvestigationRepository {
  constructor(private readonly db: Db) {}

  /**
   * Programme cameras whose station lies in `box`, inside `scope`, and that existed during
   * [from, to): installed before the window ended, not retired before it began. The box is an
   * index range scan on stations (lat, lon) (migration 155).
   */
  async camerasInBox(box: GeoBox, scope: Scope, window: { from: number; to: number }): Promise<CandidateCamera[]> {
    const params: unknown[] = [box.south, box.north, box.west, box.east, new Date(window.from), new Date(window.to)];
    const inScope = scopeCondition(scope, 's.unit_id', params);
    const { rows } = await this.db.query<CandidateRow>(
      `SELECT c.id AS camera_id, c.station_id, s.name AS station_name, s.address, s.unit_id, u.name AS unit_name,
              s.lat, s.lon, c.bearing_deg, c.fov_deg, c.range_m
       FROM stations s JOIN cameras c ON c.station_id = s.id JOIN units u ON u.id = s.unit_id
       WHERE s.lat BETWEEN $1 AND $2 AND s.lon BETWEEN $3 AND $4
         AND (s.retired_at IS NULL OR s.retired_at > $5) AND (c.retired_at IS NULL OR c.retired_at > $5)
         AND (s.installed_at::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') < $6 AND (c.added_at IS NULL OR c.added_at < $6)
         AND ${inScope}
       ORDER BY c.id`,
      params,
    );
    return rows.map((r) => ({
      cameraId: r.camera_id,
      stationId: r.station_id,
      stationName: r.station_name,
      address: r.address,
      unitId: r.unit_id,
      unitName: r.unit_name,
      lat: r.lat,
      lon: r.lon,
      bearingDeg: r.bearing_deg,
      fovDeg: r.fov_deg,
      rangeM: r.range_m,
    }));
  }

  /**
   * Registered private cameras in `box` and `scope`, however recently registered: the register
   * has no install date, and a camera noted after the event may well have recorded it. An index
   * range scan on private_cameras (lat, lon).
   */
  async privateCamerasInBox(box: GeoBox, scope: Scope): Promise<CandidatePrivateCamera[]> {
    const params: unknown[] = [box.south, box.north, box.west, box.east];
    const inScope = scopeCondition(scope, 'p.unit_id', params);
    const { rows } = await this.db.query<PrivateRow>(
      `SELECT p.id::int AS id, p.unit_id, u.name AS unit_name, p.owner_kind, p.owner_name, p.owner_phone, p.address, p.lat, p.lon,
              p.bearing_deg, p.fov_deg, p.range_m, p.faces_street, p.recorder_kind, p.recorder_brand, p.recording_days, p.consent_scope
       FROM private_cameras p JOIN units u ON u.id = p.unit_id
       WHERE p.lat BETWEEN $1 AND $2 AND p.lon BETWEEN $3 AND $4 AND ${inScope}
       ORDER BY p.id`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      ownerKind: r.owner_kind,
      owner: { name: r.owner_name, phone: r.owner_phone, address: r.address },
      ...placeOf(r),
      consentScope: r.consent_scope,
    }));
  }

  /** Per camera, the last snapshot at or before `from` and the first at or after `to`. */
  async snapshotsAround(
    cameraIds: readonly string[],
    window: { from: number; to: number },
  ): Promise<{ before: Map<string, SnapshotMetaRow>; after: Map<string, SnapshotMetaRow> }> {
    const before = new Map<string, SnapshotMetaRow>();
    const after = new Map<string, SnapshotMetaRow>();
    if (cameraIds.length === 0) return { before, after };
    const { rows } = await this.db.query<SnapshotMetaRaw & { side: 'before' | 'after' }>(
      `SELECT 'before' AS side, sn.* FROM unnest($1::text[]) AS q(camera_id)
         JOIN LATERAL (SELECT ${SNAPSHOT_META_COLUMNS} FROM snapshots s
                       WHERE s.camera_id = q.camera_id AND s.ts <= $2 ORDER BY s.ts DESC LIMIT 1) sn ON true
       UNION ALL
       SELECT 'after' AS side, sn.* FROM unnest($1::text[]) AS q(camera_id)
         JOIN LATERAL (SELECT ${SNAPSHOT_META_COLUMNS} FROM snapshots s
                       WHERE s.camera_id = q.camera_id AND s.ts >= $3 ORDER BY s.ts ASC LIMIT 1) sn ON true`,
      [cameraIds, new Date(window.from), new Date(window.to)],
    );
    for (const r of rows) (r.side === 'before' ? before : after).set(r.camera_id, toSnapshotMeta(r));
    return { before, after };
  }

  /**
   * The unit of the live station nearest to the point within `box` (null when none): where a
   * hub without unit outlines places a spot.
   */
  async nearestStationUnit(point: { lat: number; lon: number }, box: GeoBox): Promise<string | null> {
    const { rows } = await this.db.query<{ unit_id: string }>(
      `SELECT unit_id FROM stations
       WHERE retired_at IS NULL AND lat BETWEEN $1 AND $2 AND lon BETWEEN $3 AND $4
       ORDER BY (lat - $5) ^ 2 + ((lon - $6) * cos(radians($5))) ^ 2 LIMIT 1`,
      [box.south, box.north, box.west, box.east, point.lat, point.lon],
    );
    return rows[0]?.unit_id ?? null;
  }
}
