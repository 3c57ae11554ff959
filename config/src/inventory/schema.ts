import { Type, type Static } from '@sinclair/typebox';
import { CameraId, ID_PATTERN, StationId, UnitId } from '../ids.ts';
import { STATION_TYPES } from '../domain/connected-private-cameras.ts';

const strict = { additionalProperties: false } as const;
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lon = Type.Number({ minimum: -180, maximum: 180 });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'yyyy-MM-dd' });

/** Unit kinds cover both the three-tier (before 1 July 2025) and two-tier local government. */
export const UNIT_KINDS = ['province', 'district', 'town', 'city', 'commune', 'ward', 'township', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_LINEAGE_RELATIONS = ['merged_from', 'split_from'] as const;
export const UnitLineage = Type.Object(
  {
    relation: Type.Union(UNIT_LINEAGE_RELATIONS.map((r) => Type.Literal(r))),
    unitId: UnitId,
    at: IsoDate,
  },
  strict,
);
export type UnitLineage = Static<typeof UnitLineage>;

/**
 * An administrative unit. The hierarchy is data of any depth: `parentId` points up, the
 * province has none. A commune (or any leaf) is where stations live.
 */
export const Unit = Type.Object(
  {
    id: UnitId,
    name: Type.String({ minLength: 1, maxLength: 128, description: 'Official Vietnamese name, with diacritics' }),
    kind: Type.Union(UNIT_KINDS.map((k) => Type.Literal(k))),
    parentId: Type.Union([UnitId, Type.Null()]),
    lat: Type.Optional(Lat),
    lon: Type.Optional(Lon),
    areaKm2: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    /** Along the national border (Long An has 20 such communes): repair work there gets a higher priority. Default false. */
    border: Type.Optional(Type.Boolean()),
    /**
     * Where the unit came from: merged from several old units (their history rolls up into this
     * one) or split from one (recorded only: an old unit's history cannot be divided), with the date.
     */
    lineage: Type.Optional(Type.Array(UnitLineage, { maxItems: 64 })),
  },
  strict,
);
export type Unit = Static<typeof Unit>;

export const FUNDING = ['community', 'state', 'business', 'mixed'] as const;
export const Station = Type.Object(
  {
    id: StationId,
    name: Type.String({ minLength: 1, maxLength: 128 }),
    unitId: UnitId,
    address: Type.String({ maxLength: 256 }),
    lat: Lat,
    lon: Lon,
    road: Type.Optional(Type.String({ maxLength: 64, description: 'Road the station watches, e.g. QL1' })),
    installedAt: IsoDate,
    funding: Type.Union(FUNDING.map((f) => Type.Literal(f))),
    contactName: Type.Optional(Type.String({ maxLength: 128 })),
    contactPhone: Type.Optional(Type.String({ maxLength: 32, pattern: '^[0-9 +().-]*$' })),
    /** Absent means `programme`; a `collector` checks consenting owners' recorders and is not in the programme's figures. */
    type: Type.Optional(Type.Union(STATION_TYPES.map((t) => Type.Literal(t)))),
  },
  strict,
);
export type Station = Static<typeof Station>;

export const Camera = Type.Object(
  {
    id: CameraId,
    stationId: StationId,
    make: Type.String({ maxLength: 64 }),
    model: Type.String({ maxLength: 64 }),
    onvifUrl: Type.Optional(Type.String({ maxLength: 512, pattern: '^https?://' })),
    rtspUrl: Type.Optional(Type.String({ maxLength: 512, pattern: '^rtsps?://' })),
    bearingDeg: Type.Number({ minimum: 0, maximum: 360, description: 'Direction the camera faces, degrees clockwise from north' }),
    fovDeg: Type.Number({ exclusiveMinimum: 0, maximum: 360, description: 'Horizontal field of view' }),
    rangeM: Type.Number({ exclusiveMinimum: 0, maximum: 2000, description: 'Useful viewing distance for coverage' }),
  },
  strict,
);
export type Camera = Static<typeof Camera>;

export const RoadSign = Type.Object(
  {
    id: Type.String({ pattern: ID_PATTERN }),
    unitId: UnitId,
    lat: Lat,
    lon: Lon,
    road: Type.String({ maxLength: 64 }),
    label: Type.String({ maxLength: 128 }),
  },
  strict,
);
export type RoadSign = Static<typeof RoadSign>;

export const INVENTORY_VERSION = 1;
export const Inventory = Type.Object(
  {
    version: Type.Literal(INVENTORY_VERSION),
    province: Type.String({ minLength: 1, maxLength: 128 }),
    units: Type.Array(Unit),
    stations: Type.Array(Station),
    cameras: Type.Array(Camera),
    roadSigns: Type.Array(RoadSign),
  },
  strict,
);
export type Inventory = Static<typeof Inventory>;

export type EntityKind = 'units' | 'stations' | 'cameras' | 'roadSigns';
export const ENTITY_SCHEMAS = { units: Unit, stations: Station, cameras: Camera, roadSigns: RoadSign } as const;
