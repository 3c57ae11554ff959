import type {
  CameraRecord,
  CreateCameraBody,
  CreateStationBody,
  StationRecord,
  UpdateCameraBody,
  UpdateStationBody,
} from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { ConflictError } from '../db/conflict-error.ts';
import { StationCredentialRepository } from '../credentials/station-credential-repository.ts';
import { localMidnight } from '../db/local-time.ts';
import type { StationColumns } from '../fleet/station-columns.ts';

const iso = (ms: number) => new Date(ms).toISOString();

type RawStation = StationColumns & {
  funding: CreateStationBody['funding'];
  type: NonNullable<CreateStationBody['type']>;
  retired_at: Date | null;
};
type RawCamera = {
  id: string;
  station_id: string;
  make: string;
  model: string;
  onvif_url: string | null;
  rtsp_url: string | null;
  bearing_deg: number;
  fov_deg: number;
  range_m: number;
  retired_at: Date | null;
};

const STATION_COLS = `id, name, unit_id, address, lat, lon, road, to_char(installed_at, 'YYYY-MM-DD') AS installed_at, funding, contact_name, contact_phone, type, retired_at`;
const CAMERA_COLS = 'id, station_id, make, model, onvif_url, rtsp_url, bearing_deg, fov_deg, range_m, retired_at';

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function toStation(r: RawStation): StationRecord {
  const s = {
    id: r.id,
    name: r.name,
    unitId: r.unit_id,
    address: r.address,
    lat: r.lat,
    lon: r.lon,
    road: opt(r.road),
    installedAt: r.installed_at,
    funding: r.funding,
    contactName: opt(r.contact_name),
    contactPhone: opt(r.contact_phone),
    // Absent for the programme's own stations: their records read as before collectors existed.
    type: r.type === 'programme' ? undefined : r.type,
    retiredAt: r.retired_at?.getTime() ?? null,
  };
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as StationRecord;
}

function toCamera(r: RawCamera): CameraRecord {
  const c = {
    id: r.id,
    stationId: r.station_id,
    make: r.make,
    model: r.model,
    onvifUrl: opt(r.onvif_url),
    rtspUrl: opt(r.rtsp_url),
    bearingDeg: r.bearing_deg,
    fovDeg: r.fov_deg,
    rangeM: r.range_m,
    retiredAt: r.retired_at?.getTime() ?? null,
  };
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as CameraRecord;
}

export class DuplicateIdError extends ConflictError {
  override name = 'DuplicateIdError';
}

/** Adds, changes, moves and retires stations and cameras. A station's unit changes only through `move`, which keeps its history. */
export class InventoryWriteRepository {
  constructor(private readonly db: Db) {}

  async stationRecord(id: string, db: Db = this.db): Promise<StationRecord | null> {
    const r = await db.query<RawStation>(`SELECT ${STATION_COLS} FROM stations WHERE id = $1`, [id]);
    return r.rows[0] ? toStation(r.rows[0]) : null;
  }

  async cameraRecord(id: string, db: Db = this.db): Promise<(CameraRecord & { unitId: string }) | null> {
    const r = await db.query<RawCamera & { unit_id: string }>(
      `SELECT c.${CAMERA_COLS.split(', ').join(', c.')}, s.unit_id FROM cameras c JOIN stations s ON s.id = c.station_id WHERE c.id = $1`,
      [id],
    );
    return r.rows[0] ? { ...toCamera(r.rows[0]), unitId: r.rows[0].unit_id } : null;
  }

  async unitExists(id: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM units WHERE id = $1 AND retired_at IS NULL', [id])).rowCount > 0;
  }

  async createStation(s: CreateStationBody, now: number): Promise<StationRecord> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query(
        `INSERT INTO stations (id, unit_id, name, address, lat, lon, road, installed_at, funding, contact_name, contact_phone, type)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING`,
        [
          s.id,
          s.unitId,
          s.name,
          s.address,
          s.lat,
          s.lon,
          s.road ?? null,
          s.installedAt,
          s.funding,
          s.contactName ?? null,
          s.contactPhone ?? null,
          s.type ?? 'programme',
        ],
      );
      if (r.rowCount === 0) throw new DuplicateIdError(`station ${s.id} already exists`);
      await tx.query(
        `INSERT INTO station_unit_history (station_id, unit_id, valid_from) VALUES ($1, $2, LEAST($3::timestamptz, ${localMidnight('$4::date')}))`,
        [s.id, s.unitId, iso(now), s.installedAt],
      );
      return (await this.stationRecord(s.id, tx))!;
    });
  }

  async updateStation(id: string, c: UpdateStationBody): Promise<StationRecord | null> {
    const cols: Record<keyof UpdateStationBody, string> = {
      name: 'name',
      address: 'address',
      lat: 'lat',
      lon: 'lon',
      road: 'road',
      installedAt: 'installed_at',
      funding: 'funding',
      contactName: 'contact_name',
      contactPhone: 'contact_phone',
    };
    const params: unknown[] = [id];
    const sets = (Object.keys(c) as (keyof UpdateStationBody)[]).map((k) => `${cols[k]} = $${params.push(c[k])}`);
    const r = await this.db.query(
      `UPDATE stations SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 AND retired_at IS NULL`,
      params,
    );
    return r.rowCount ? this.stationRecord(id) : null;
  }

  /** Moves a station to another unit from `at` on; false when `at` is not after the current membership began. */
  async moveStation(id: string, unitId: string, at: number): Promise<'moved' | 'same_unit' | 'too_early'> {
    return this.db.transaction(async (tx) => {
      const cur = await tx.query<{ unit_id: string; valid_from: Date }>(
        'SELECT unit_id, valid_from FROM station_unit_history WHERE station_id = $1 AND valid_to IS NULL FOR UPDATE',
        [id],
      );
      const open = cur.rows[0];
      if (open?.unit_id === unitId) return 'same_unit';
      if (open && open.valid_from.getTime() >= at) return 'too_early';
      await tx.query('UPDATE station_unit_history SET valid_to = $2 WHERE station_id = $1 AND valid_to IS NULL', [id, iso(at)]);
      await tx.query('INSERT INTO station_unit_history (station_id, unit_id, valid_from) VALUES ($1, $2, $3)', [id, unitId, iso(at)]);
      await tx.query('UPDATE stations SET unit_id = $2, updated_at = now() WHERE id = $1', [id, unitId]);
      return 'moved';
    });
  }

  async unitHistory(id: string): Promise<{ unitId: string; validFrom: number; validTo: number | null }[]> {
    const r = await this.db.query<{ unit_id: string; valid_from: Date; valid_to: Date | null }>(
      'SELECT unit_id, valid_from, valid_to FROM station_unit_history WHERE station_id = $1 ORDER BY valid_from',
      [id],
    );
    return r.rows.map((h) => ({ unitId: h.unit_id, validFrom: h.valid_from.getTime(), validTo: h.valid_to?.getTime() ?? null }));
  }

  /** Retires a station and its cameras and revokes its broker credentials: it may no longer connect. */
  async retireStation(id: string, at: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query('UPDATE stations SET retired_at = $2, updated_at = now() WHERE id = $1 AND retired_at IS NULL', [
        id,
        iso(at),
      ]);
      if (r.rowCount === 0) return false;
      await tx.query('UPDATE cameras SET retired_at = $2, updated_at = now() WHERE station_id = $1 AND retired_at IS NULL', [id, iso(at)]);
      await tx.query(
        "UPDATE station_unit_history SET valid_to = GREATEST($2::timestamptz, valid_from + interval '1 millisecond') WHERE station_id = $1 AND valid_to IS NULL",
        [id, iso(at)],
      );
      await new StationCredentialRepository(tx).revokeAll(id);
      return true;
    });
  }

  async createCamera(c: CreateCameraBody): Promise<CameraRecord> {
    const r = await this.db.query(
      `INSERT INTO cameras (id, station_id, make, model, onvif_url, rtsp_url, bearing_deg, fov_deg, range_m) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
      [c.id, c.stationId, c.make, c.model, c.onvifUrl ?? null, c.rtspUrl ?? null, c.bearingDeg, c.fovDeg, c.rangeM],
    );
    if (r.rowCount === 0) throw new DuplicateIdError(`camera ${c.id} already exists`);
    return (await this.cameraRecord(c.id))!;
  }

  async updateCamera(id: string, c: UpdateCameraBody): Promise<CameraRecord | null> {
    const cols: Record<keyof UpdateCameraBody, string> = {
      stationId: 'station_id',
      make: 'make',
      model: 'model',
      onvifUrl: 'onvif_url',
      rtspUrl: 'rtsp_url',
      bearingDeg: 'bearing_deg',
      fovDeg: 'fov_deg',
      rangeM: 'range_m',
    };
    const params: unknown[] = [id];
    const sets = (Object.keys(c) as (keyof UpdateCameraBody)[]).map((k) => `${cols[k]} = $${params.push(c[k])}`);
    const r = await this.db.query(`UPDATE cameras SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 AND retired_at IS NULL`, params);
    return r.rowCount ? this.cameraRecord(id) : null;
  }

  async retireCamera(id: string, at: number): Promise<boolean> {
    const r = await this.db.query('UPDATE cameras SET retired_at = $2, updated_at = now() WHERE id = $1 AND retired_at IS NULL', [
      id,
      iso(at),
    ]);
    return r.rowCount > 0;
  }
}
