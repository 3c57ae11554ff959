import { Type, type Static } from '@sinclair/typebox';
import { RowId } from './common.ts';
import { CameraId, StationId, UnitId } from '../ids.ts';
import { Camera, Station } from '../inventory/schema.ts';
import { EpochMs, nullable, strictObject } from './dashboard-common.ts';

/**
 * Inventory changes through the API. New stations and cameras use the inventory schemas
 * themselves; changes are partial and never touch ids (a station changes unit only by
 * moving, which keeps its history).
 */
export const StationIdParams = Type.Object({ id: StationId }, strictObject);
export const CameraIdParams = Type.Object({ id: CameraId }, strictObject);

export const CreateStationBody = Station;
export type CreateStationBody = Static<typeof CreateStationBody>;
/** A station's type is fixed when it is created: a collector's history is never the programme's. */
export const UpdateStationBody = Type.Partial(Type.Omit(Station, ['id', 'unitId', 'type']), { ...strictObject, minProperties: 1 });
export type UpdateStationBody = Static<typeof UpdateStationBody>;

export const MoveStationBody = Type.Object(
  {
    unitId: UnitId,
    at: Type.Optional(
      Type.Integer({ minimum: 0, description: 'When the move took effect (default now); history before it stays with the old unit' }),
    ),
  },
  strictObject,
);
export type MoveStationBody = Static<typeof MoveStationBody>;

export const RetireBody = Type.Object(
  {
    at: Type.Optional(Type.Integer({ minimum: 0, description: 'When it was taken out of service (default now)' })),
  },
  strictObject,
);
export type RetireBody = Static<typeof RetireBody>;

export const CreateCameraBody = Camera;
export type CreateCameraBody = Static<typeof CreateCameraBody>;
export const UpdateCameraBody = Type.Partial(Type.Omit(Camera, ['id']), { ...strictObject, minProperties: 1 });
export type UpdateCameraBody = Static<typeof UpdateCameraBody>;

/** A station as stored (the inventory fields plus lifecycle). */
export const StationRecord = Type.Composite([Station, Type.Object({ retiredAt: nullable(EpochMs) })], strictObject);
export type StationRecord = Static<typeof StationRecord>;
export const CameraRecord = Type.Composite([Camera, Type.Object({ retiredAt: nullable(EpochMs) })], strictObject);
export type CameraRecord = Static<typeof CameraRecord>;

export const UnitHistoryItem = Type.Object({ unitId: UnitId, validFrom: EpochMs, validTo: nullable(EpochMs) }, strictObject);
export const UnitHistory = Type.Object({ stationId: StationId, items: Type.Array(UnitHistoryItem) }, strictObject);
export type UnitHistory = Static<typeof UnitHistory>;

/** GET /api/inventory: export (YAML: the whole inventory in scope; CSV: one table). */
export const INVENTORY_ENTITIES = ['units', 'stations', 'cameras', 'roadSigns'] as const;
export const InventoryExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('yaml'), Type.Literal('csv'), Type.Literal('json')], { default: 'yaml' }),
    entity: Type.Optional(
      Type.Union(
        INVENTORY_ENTITIES.map((e) => Type.Literal(e)),
        { description: 'Required for CSV: which table' },
      ),
    ),
  },
  strictObject,
);
export type InventoryExportQuery = Static<typeof InventoryExportQuery>;

/** POST /api/inventory/import: the same files `pnpm fleet generate` writes. */
export const InventoryImportBody = Type.Union([
  Type.Object({ format: Type.Literal('yaml'), text: Type.String({ maxLength: 50_000_000 }) }, strictObject),
  Type.Object(
    {
      format: Type.Literal('csv'),
      province: Type.String({ minLength: 1, maxLength: 128 }),
      units: Type.String({ maxLength: 20_000_000 }),
      stations: Type.String({ maxLength: 20_000_000 }),
      cameras: Type.String({ maxLength: 20_000_000 }),
      roadSigns: Type.Optional(Type.String({ maxLength: 20_000_000 })),
    },
    strictObject,
  ),
]);
export type InventoryImportBody = Static<typeof InventoryImportBody>;

export const InventoryImportResult = Type.Object(
  {
    units: Type.Integer(),
    stations: Type.Integer(),
    cameras: Type.Integer(),
    roadSigns: Type.Integer(),
    moved: Type.Integer({ description: 'Stations that changed unit (history kept)' }),
    retired: Type.Integer({ description: 'Stations and cameras missing from the file, retired (never deleted)' }),
  },
  strictObject,
);
export type InventoryImportResult = Static<typeof InventoryImportResult>;

/** Maintenance windows: time in them is neither up nor down, and raises no alerts. */
export const MaintenanceWindow = Type.Object(
  {
    id: Type.Integer(),
    stationId: nullable(StationId),
    unitId: nullable(UnitId),
    startsAt: EpochMs,
    endsAt: EpochMs,
    reason: Type.String({ maxLength: 512 }),
  },
  strictObject,
);
export type MaintenanceWindow = Static<typeof MaintenanceWindow>;
export const CreateMaintenanceBody = Type.Object(
  {
    stationId: Type.Optional(StationId),
    unitId: Type.Optional(UnitId),
    startsAt: EpochMs,
    endsAt: EpochMs,
    reason: Type.String({ minLength: 1, maxLength: 512 }),
  },
  strictObject,
);
export type CreateMaintenanceBody = Static<typeof CreateMaintenanceBody>;
export const MaintenanceQuery = Type.Object(
  {
    activeAt: Type.Optional(Type.Integer({ minimum: 0, description: 'Only windows covering this moment' })),
    stationId: Type.Optional(StationId),
  },
  strictObject,
);
export const MaintenanceList = Type.Object({ items: Type.Array(MaintenanceWindow) }, strictObject);
export const MaintenanceIdParams = Type.Object({ id: RowId }, strictObject);
