import { Type, type Static } from '@sinclair/typebox';
import { EpochMs, strictObject } from './dashboard-common.ts';

/**
 * GET /api/map — every station and camera the user may see, as parallel (columnar) arrays:
 * row i of `stations` is `{ id: stations.id[i], name: stations.name[i], … }`. 100,000 cameras
 * fit in ~4 MB of JSON (≈1 MB gzipped) and parse in tens of milliseconds, where an array of
 * objects repeats every key 100,000 times. Status and cause are integer codes:
 * - `stations.status[i]`: index in STATION_LIVENESS (online, offline, never)
 * - `stations.worstCameraStatus[i]`, `cameras.status[j]`: index in CAMERA_MAP_STATUSES
 * - `cameras.cause[j]`: index in CAMERA_CAUSES, -1 for none
 * - `cameras.station[j]`: row index of the camera's station in `stations`
 * - `stations.unit[i]`: row index of the station's unit in `units`
 */
const ints = (description: string) => Type.Array(Type.Integer(), { description });
const nums = (description: string) => Type.Array(Type.Number(), { description });
const strs = (description: string) => Type.Array(Type.String(), { description });

export const MapStations = Type.Object(
  {
    id: strs('Station ids'),
    name: strs('Station names'),
    unit: ints('Row index in `units`'),
    lat: nums('Latitude, 5 decimals are enough (1 m)'),
    lon: nums('Longitude'),
    status: ints('Index in STATION_LIVENESS'),
    worstCameraStatus: ints('Index in CAMERA_MAP_STATUSES'),
    cameraCount: ints('Cameras at the station'),
  },
  strictObject,
);

export const MapCameras = Type.Object(
  {
    id: strs('Camera ids'),
    station: ints('Row index in `stations`'),
    status: ints('Index in CAMERA_MAP_STATUSES'),
    cause: ints('Index in CAMERA_CAUSES, -1 = none'),
    bearingDeg: nums('Direction faced, degrees clockwise from north'),
    fovDeg: nums('Horizontal field of view'),
    rangeM: nums('Useful viewing distance'),
    since: ints('Epoch ms of the last status change, 0 = unknown'),
  },
  strictObject,
);

export const MapRoadSigns = Type.Object(
  {
    id: strs('Road sign ids'),
    lat: nums('Latitude'),
    lon: nums('Longitude'),
    road: strs('Road, e.g. QL1'),
    label: strs('Text of the sign'),
  },
  strictObject,
);

export const MapPayload = Type.Object(
  {
    generatedAt: EpochMs,
    units: Type.Object({ id: strs('Unit ids of the stations below'), name: strs('Unit names') }, strictObject),
    stations: MapStations,
    cameras: MapCameras,
    roadSigns: MapRoadSigns,
  },
  { ...strictObject, description: 'Scoped to the user: only stations in their units.' },
);
export type MapPayload = Static<typeof MapPayload>;
export type MapStations = Static<typeof MapStations>;
export type MapCameras = Static<typeof MapCameras>;
export type MapRoadSigns = Static<typeof MapRoadSigns>;
