import { INVENTORY_VERSION, type Camera, type Inventory, type RoadSign, type Station } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { scopeCondition, type Scope } from '../auth/scope.ts';

/** A T as SQL returns it: its optional fields come back as NULL. */
type SqlRow<T> = { [K in keyof T]-?: undefined extends T[K] ? Exclude<T[K], undefined> | null : T[K] };
/** NULL columns become absent fields, as the inventory schema wants them. */
const drop = <T extends object>(row: SqlRow<T>): T =>
  Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined)) as T;

/** Reads the inventory back out, as the import takes it. */
export class InventoryExportRepository {
  constructor(private readonly db: Db) {}

  /**
   * The inventory in service inside a scope, as the inventory schema wants it: the scope's units
   * plus their ancestors (so every parentId resolves), stations, cameras and road signs.
   */
  async export(scope: Scope, province: string): Promise<Inventory> {
    const sp: unknown[] = [];
    const stations = await this.db.query<SqlRow<Station>>(
      `SELECT id, name, unit_id AS "unitId", address, lat, lon, road, to_char(installed_at, 'YYYY-MM-DD') AS "installedAt", funding, contact_name AS "contactName", contact_phone AS "contactPhone",
         CASE WHEN type = 'programme' THEN NULL ELSE type END AS type
       FROM stations WHERE retired_at IS NULL AND ${scopeCondition(scope, 'unit_id', sp)} ORDER BY id`,
      sp,
    );
    const cp: unknown[] = [];
    const cameras = await this.db.query<SqlRow<Camera>>(
      `SELECT c.id, c.station_id AS "stationId", c.make, c.model, c.onvif_url AS "onvifUrl", c.rtsp_url AS "rtspUrl", c.bearing_deg AS "bearingDeg", c.fov_deg AS "fovDeg", c.range_m AS "rangeM"
       FROM cameras c JOIN stations s ON s.id = c.station_id WHERE c.retired_at IS NULL AND s.retired_at IS NULL AND ${scopeCondition(scope, 's.unit_id', cp)} ORDER BY c.id`,
      cp,
    );
    const rp: unknown[] = [];
    const signs = await this.db.query<SqlRow<RoadSign>>(
      `SELECT id, unit_id AS "unitId", lat, lon, road, label FROM road_signs WHERE retired_at IS NULL AND ${scopeCondition(scope, 'unit_id', rp)} ORDER BY id`,
      rp,
    );
    const all = await this.db.query<{
      id: string;
      name: string;
      kind: string;
      parent_id: string | null;
      lat: number | null;
      lon: number | null;
      area_km2: number | null;
      border: boolean;
    }>('SELECT id, name, kind, parent_id, lat, lon, area_km2, border FROM units WHERE retired_at IS NULL ORDER BY id');
    const lineage = await this.db.query<{ unit_id: string; predecessor_id: string; relation: 'merged_from' | 'split_from'; at: string }>(
      `SELECT unit_id, predecessor_id, relation, to_char(at, 'YYYY-MM-DD') AS at FROM unit_lineage ORDER BY unit_id, at, predecessor_id`,
    );
    const lineageOf = new Map<string, { relation: 'merged_from' | 'split_from'; unitId: string; at: string }[]>();
    for (const l of lineage.rows)
      lineageOf.set(l.unit_id, [...(lineageOf.get(l.unit_id) ?? []), { relation: l.relation, unitId: l.predecessor_id, at: l.at }]);
    const byId = new Map(all.rows.map((u) => [u.id, u]));
    const keep = new Set<string>();
    for (const u of all.rows) {
      if (!scope.all && !scope.units.has(u.id)) continue;
      for (let id: string | null = u.id; id !== null && !keep.has(id); id = byId.get(id)?.parent_id ?? null) keep.add(id);
    }
    return {
      version: INVENTORY_VERSION,
      province,
      units: all.rows
        .filter((u) => keep.has(u.id))
        .map(
          (u) =>
            ({
              id: u.id,
              name: u.name,
              kind: u.kind,
              parentId: u.parent_id,
              ...drop({ lat: u.lat, lon: u.lon, areaKm2: u.area_km2 }),
              ...(u.border ? { border: true } : {}),
              ...(lineageOf.has(u.id) ? { lineage: lineageOf.get(u.id) } : {}),
            }) as Inventory['units'][number],
        ),
      stations: stations.rows.map((s) => drop<Station>(s)),
      cameras: cameras.rows.map((c) => drop<Camera>(c)),
      roadSigns: signs.rows.map((r) => drop<RoadSign>(r)),
    };
  }
}
