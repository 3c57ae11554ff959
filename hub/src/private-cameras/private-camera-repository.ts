import type {
  CreatePrivateCameraBody,
  PrivateCameraConsentScope,
  PrivateCameraOwnerKind,
  PrivateCameraRecorderKind,
} from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { scopeCondition, type Scope } from '../auth/scope.ts';

export interface PrivateCameraRow {
  id: number;
  unit_id: string;
  unit_name: string;
  owner_kind: PrivateCameraOwnerKind;
  owner_name: string;
  owner_phone: string;
  address: string;
  lat: number;
  lon: number;
  bearing_deg: number;
  fov_deg: number;
  range_m: number;
  faces_street: boolean;
  recorder_kind: PrivateCameraRecorderKind | null;
  recorder_brand: string | null;
  recording_days: number | null;
  /** yyyy-MM-dd (read as text: a date has no time zone to shift). */
  consent_date: string;
  consent_scope: PrivateCameraConsentScope;
  registered_by: string;
  registered_at: Date;
  updated_at: Date;
}

export interface PrivateCameraFilter {
  unitIds?: readonly string[];
  /** [minLon, minLat, maxLon, maxLat] */
  bbox?: readonly [number, number, number, number];
  limit: number;
  /** The list's cursor: only cameras with a smaller id (registered earlier) than this one. */
  beforeId?: number;
}

const SELECT = `SELECT c.id::int AS id, c.unit_id, u.name AS unit_name, c.owner_kind, c.owner_name, c.owner_phone, c.address,
  c.lat, c.lon, c.bearing_deg, c.fov_deg, c.range_m, c.faces_street, c.recorder_kind, c.recorder_brand, c.recording_days,
  to_char(c.consent_date, 'YYYY-MM-DD') AS consent_date, c.consent_scope, c.registered_by, c.registered_at, c.updated_at
  FROM private_cameras c JOIN units u ON u.id = c.unit_id`;

/** Columns written from what a person entered, in the order of `enteredValues`. */
const ENTERED_COLUMNS = [
  'unit_id',
  'owner_kind',
  'owner_name',
  'owner_phone',
  'address',
  'lat',
  'lon',
  'bearing_deg',
  'fov_deg',
  'range_m',
  'faces_street',
  'recorder_kind',
  'recorder_brand',
  'recording_days',
  'consent_date',
  'consent_scope',
] as const;

function enteredValues(c: CreatePrivateCameraBody): unknown[] {
  return [
    c.unitId,
    c.ownerKind,
    c.owner.name,
    c.owner.phone,
    c.owner.address,
    c.lat,
    c.lon,
    c.bearingDeg,
    c.fovDeg,
    c.rangeM,
    c.facesStreet,
    c.recorder?.kind ?? null,
    c.recorder?.brand ?? null,
    c.recorder?.daysKept ?? null,
    c.consent.date,
    c.consent.scope,
  ];
}

export interface PrivateCameraPositionRow {
  id: number;
  lat: number;
  lon: number;
  owner_kind: PrivateCameraOwnerKind;
}

/** The caller's area, then the unit subtree and the bbox when asked: the same filter for the list and the positions. */
function filterConditions(scope: Scope, f: PrivateCameraFilter, params: unknown[]): string[] {
  const where = [scopeCondition(scope, 'c.unit_id', params)];
  if (f.unitIds) where.push(`c.unit_id = ANY($${params.push(f.unitIds)}::text[])`);
  if (f.bbox) {
    const [minLon, minLat, maxLon, maxLat] = f.bbox;
    where.push(`c.lat BETWEEN $${params.push(minLat)} AND $${params.push(maxLat)}`);
    where.push(`c.lon BETWEEN $${params.push(minLon)} AND $${params.push(maxLon)}`);
  }
  return where;
}

/** The `private_cameras` table. Stateless: every method takes the `Db` (or transaction) to speak through. */
export class PrivateCameraRepository {
  async insert(db: Db, c: CreatePrivateCameraBody, by: string, at: number): Promise<number> {
    const values = [...enteredValues(c), by, new Date(at)];
    const placeholders = values.map((_, i) => `$${i + 1}`).join(', ');
    const r = await db.query<{ id: number }>(
      `INSERT INTO private_cameras (${ENTERED_COLUMNS.join(', ')}, registered_by, registered_at, updated_at)
       VALUES (${placeholders}, $${values.length}) RETURNING id::int AS id`,
      values,
    );
    return r.rows[0]!.id;
  }

  /** Rewrites every entered field (the service merges a partial edit into the current row first). */
  async update(db: Db, id: number, c: CreatePrivateCameraBody, at: number): Promise<boolean> {
    const values = enteredValues(c);
    const sets = ENTERED_COLUMNS.map((col, i) => `${col} = $${i + 1}`).join(', ');
    values.push(new Date(at), id);
    const r = await db.query(`UPDATE private_cameras SET ${sets}, updated_at = $${values.length - 1} WHERE id = $${values.length}`, values);
    return (r.rowCount ?? 0) > 0;
  }

  async get(db: Db, id: number, scope: Scope): Promise<PrivateCameraRow | null> {
    const params: unknown[] = [id];
    const r = await db.query<PrivateCameraRow>(`${SELECT} WHERE c.id = $1 AND ${scopeCondition(scope, 'c.unit_id', params)}`, params);
    return r.rows[0] ?? null;
  }

  /**
   * Newest first (ids grow with registration, and an import's rows share one time), from
   * `beforeId` down; one row more than `limit` tells the caller the list was cut.
   */
  async list(db: Db, scope: Scope, f: PrivateCameraFilter): Promise<PrivateCameraRow[]> {
    const params: unknown[] = [];
    const where = filterConditions(scope, f, params);
    if (f.beforeId !== undefined) where.push(`c.id < $${params.push(f.beforeId)}`);
    params.push(f.limit + 1);
    const r = await db.query<PrivateCameraRow>(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY c.id DESC LIMIT $${params.length}`, params);
    return r.rows;
  }

  /**
   * Where the cameras stand, for the map layer: position and owner kind only, never the owner's
   * columns. `total` counts every match (the window runs before LIMIT), so a cut answer knows
   * how many it left out. Ordered by id so a cut keeps the same cameras from one call to the next.
   */
  async positions(db: Db, scope: Scope, f: PrivateCameraFilter): Promise<{ rows: PrivateCameraPositionRow[]; total: number }> {
    const params: unknown[] = [];
    const where = filterConditions(scope, f, params);
    params.push(f.limit);
    const r = await db.query<PrivateCameraPositionRow & { total: number }>(
      `SELECT c.id::int AS id, c.lat, c.lon, c.owner_kind, count(*) OVER ()::int AS total
       FROM private_cameras c WHERE ${where.join(' AND ')} ORDER BY c.id LIMIT $${params.length}`,
      params,
    );
    // No row at all means nothing matched (limit is at least 1).
    return { rows: r.rows, total: r.rows[0]?.total ?? 0 };
  }

  /** Erasure: the row goes for good (see migration 150 for why the position goes with it). */
  async delete(db: Db, id: number): Promise<boolean> {
    const r = await db.query(`DELETE FROM private_cameras WHERE id = $1`, [id]);
    return (r.rowCount ?? 0) > 0;
  }

  /** Ids of the units that exist among `ids` (an import names communes by id). */
  async existingUnits(db: Db, ids: readonly string[]): Promise<Set<string>> {
    const r = await db.query<{ id: string }>(`SELECT id FROM units WHERE id = ANY($1::text[])`, [ids]);
    return new Set(r.rows.map((x) => x.id));
  }
}
