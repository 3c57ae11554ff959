import type { Inventory } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { localMidnight } from '../db/local-time.ts';

export interface ImportSummary {
  units: number;
  stations: number;
  cameras: number;
  roadSigns: number;
  /** Stations whose unit changed (a new station_unit_history row). */
  moved: number;
  /** Stations and cameras present before but missing from this inventory (marked retired, never deleted). */
  retired: number;
}

const col = <T, V>(rows: readonly T[], f: (r: T) => V) => rows.map(f);
const opt = <V>(v: V | undefined): V | null => (v === undefined ? null : v);

/** The SQL of an inventory import (see inventory-import.ts). */
export class InventoryImportRepository {
  constructor(private readonly db: Db) {}

  /**
   * Loads an inventory in one transaction (upsert by id). A station that moves to another unit
   * closes its unit-history row and opens a new one, so its past stays attributed to the old
   * unit; stations and cameras missing from the new inventory are retired, not deleted.
   */
  async load(inv: Inventory, now: Date): Promise<ImportSummary> {
    return this.db.transaction(async (tx) => {
      const at = now.toISOString();
      const u = inv.units;
      await tx.query(
        `INSERT INTO units (id, name, kind, parent_id, lat, lon, area_km2, border, retired_at, updated_at)
       SELECT id, name, kind, parent_id, lat, lon, area, border, NULL, $8 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $9::boolean[]) AS t(id, name, kind, parent_id, lat, lon, area, border)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, parent_id = EXCLUDED.parent_id, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
         area_km2 = EXCLUDED.area_km2, border = EXCLUDED.border, retired_at = NULL, updated_at = EXCLUDED.updated_at`,
        [
          col(u, (x) => x.id),
          col(u, (x) => x.name),
          col(u, (x) => x.kind),
          col(u, (x) => x.parentId),
          col(u, (x) => opt(x.lat)),
          col(u, (x) => opt(x.lon)),
          col(u, (x) => opt(x.areaKm2)),
          at,
          col(u, (x) => x.border ?? false),
        ],
      );

      // Lineage as the inventory states it now: each listed unit's rows are replaced.
      const lineage = u.flatMap((x) => (x.lineage ?? []).map((l) => ({ ...l, successor: x.id })));
      await tx.query('DELETE FROM unit_lineage WHERE unit_id = ANY($1::text[])', [col(u, (x) => x.id)]);
      await tx.query(
        `INSERT INTO unit_lineage (unit_id, predecessor_id, relation, at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[])`,
        [col(lineage, (l) => l.successor), col(lineage, (l) => l.unitId), col(lineage, (l) => l.relation), col(lineage, (l) => l.at)],
      );

      const s = inv.stations;
      const known = await tx.query<{ id: string }>('SELECT id FROM stations WHERE id = ANY($1::text[])', [col(s, (x) => x.id)]);
      const knownIds = new Set(known.rows.map((r) => r.id));
      const newStations = s.filter((x) => !knownIds.has(x.id)).map((x) => x.id);
      const moved = await tx.query<{ id: string; old_unit: string; new_unit: string }>(
        `SELECT st.id, st.unit_id AS old_unit, t.unit_id AS new_unit FROM stations st JOIN unnest($1::text[], $2::text[]) AS t(id, unit_id) ON t.id = st.id
        WHERE st.unit_id <> t.unit_id`,
        [col(s, (x) => x.id), col(s, (x) => x.unitId)],
      );
      await tx.query(
        `INSERT INTO stations (id, unit_id, name, address, lat, lon, road, installed_at, funding, contact_name, contact_phone, type, retired_at, updated_at)
       SELECT *, NULL::timestamptz, $12::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[], $8::date[], $9::text[], $10::text[], $11::text[], $13::text[])
       ON CONFLICT (id) DO UPDATE SET unit_id = EXCLUDED.unit_id, name = EXCLUDED.name, address = EXCLUDED.address, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
         road = EXCLUDED.road, installed_at = EXCLUDED.installed_at, funding = EXCLUDED.funding, contact_name = EXCLUDED.contact_name,
         contact_phone = EXCLUDED.contact_phone, type = EXCLUDED.type, retired_at = NULL, updated_at = EXCLUDED.updated_at`,
        [
          col(s, (x) => x.id),
          col(s, (x) => x.unitId),
          col(s, (x) => x.name),
          col(s, (x) => x.address),
          col(s, (x) => x.lat),
          col(s, (x) => x.lon),
          col(s, (x) => opt(x.road)),
          col(s, (x) => x.installedAt),
          col(s, (x) => x.funding),
          col(s, (x) => opt(x.contactName)),
          col(s, (x) => opt(x.contactPhone)),
          at,
          col(s, (x) => x.type ?? 'programme'),
        ],
      );
      // History: close the rows of moved stations, then open a row for every station without an open one.
      await tx.query(`UPDATE station_unit_history SET valid_to = $2 WHERE valid_to IS NULL AND station_id = ANY($1::text[])`, [
        moved.rows.map((r) => r.id),
        at,
      ]);
      await tx.query(
        `INSERT INTO station_unit_history (station_id, unit_id, valid_from, valid_to)
       SELECT st.id, st.unit_id,
         CASE WHEN EXISTS (SELECT 1 FROM station_unit_history h WHERE h.station_id = st.id) THEN $1::timestamptz
              ELSE LEAST($1::timestamptz, ${localMidnight('st.installed_at')}) END, NULL
         FROM stations st WHERE st.retired_at IS NULL AND NOT EXISTS (SELECT 1 FROM station_unit_history h WHERE h.station_id = st.id AND h.valid_to IS NULL)`,
        [at],
      );

      const c = inv.cameras;
      await tx.query(
        // A camera that arrives with its station went up with it (an old fleet registered late keeps
        // its real dates); one added to a station already known was added now. Never updated later.
        `INSERT INTO cameras (id, station_id, make, model, onvif_url, rtsp_url, bearing_deg, fov_deg, range_m, retired_at, updated_at, added_at)
       SELECT t.*, NULL::timestamptz, $10::timestamptz,
         CASE WHEN t.station_id = ANY($11::text[])
           THEN LEAST($10::timestamptz, (SELECT ${localMidnight('st.installed_at')} FROM stations st WHERE st.id = t.station_id))
           ELSE $10::timestamptz END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::float8[])
         AS t(id, station_id, make, model, onvif_url, rtsp_url, bearing_deg, fov_deg, range_m)
       ON CONFLICT (id) DO UPDATE SET station_id = EXCLUDED.station_id, make = EXCLUDED.make, model = EXCLUDED.model, onvif_url = EXCLUDED.onvif_url,
         rtsp_url = EXCLUDED.rtsp_url, bearing_deg = EXCLUDED.bearing_deg, fov_deg = EXCLUDED.fov_deg, range_m = EXCLUDED.range_m, retired_at = NULL, updated_at = EXCLUDED.updated_at`,
        [
          col(c, (x) => x.id),
          col(c, (x) => x.stationId),
          col(c, (x) => x.make),
          col(c, (x) => x.model),
          col(c, (x) => opt(x.onvifUrl)),
          col(c, (x) => opt(x.rtspUrl)),
          col(c, (x) => x.bearingDeg),
          col(c, (x) => x.fovDeg),
          col(c, (x) => x.rangeM),
          at,
          newStations,
        ],
      );

      const r = inv.roadSigns;
      await tx.query(
        `INSERT INTO road_signs (id, unit_id, lat, lon, road, label, retired_at, updated_at)
       SELECT *, NULL::timestamptz, $7::timestamptz FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::text[], $6::text[])
       ON CONFLICT (id) DO UPDATE SET unit_id = EXCLUDED.unit_id, lat = EXCLUDED.lat, lon = EXCLUDED.lon, road = EXCLUDED.road, label = EXCLUDED.label, retired_at = NULL, updated_at = EXCLUDED.updated_at`,
        [
          col(r, (x) => x.id),
          col(r, (x) => x.unitId),
          col(r, (x) => x.lat),
          col(r, (x) => x.lon),
          col(r, (x) => x.road),
          col(r, (x) => x.label),
          at,
        ],
      );

      let retired = 0;
      for (const [table, ids] of [
        ['cameras', c.map((x) => x.id)],
        ['stations', s.map((x) => x.id)],
        ['road_signs', r.map((x) => x.id)],
        ['units', u.map((x) => x.id)],
      ] as const) {
        const res = await tx.query(`UPDATE ${table} SET retired_at = $2 WHERE retired_at IS NULL AND NOT (id = ANY($1::text[]))`, [
          ids,
          at,
        ]);
        if (table === 'cameras' || table === 'stations') retired += res.rowCount;
      }
      // A retired station no longer belongs to a unit from now on.
      await tx.query(
        `UPDATE station_unit_history h SET valid_to = $1 FROM stations st WHERE st.id = h.station_id AND st.retired_at IS NOT NULL AND h.valid_to IS NULL AND h.valid_from < $1`,
        [at],
      );
      return { units: u.length, stations: s.length, cameras: c.length, roadSigns: r.length, moved: moved.rowCount, retired };
    });
  }
}
