import { CAMERA_MAP_STATUSES, STATION_LIVENESS, causeCode, worstOf, type CameraMapStatus, type MapPayload } from '@camwatch/config';
import type { CameraRow, StationRow, UnitRow } from '../fleet/fleet-read-repository.ts';

export interface RoadSignRow {
  id: string;
  lat: number;
  lon: number;
  road: string;
  label: string;
}

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

/** Builds the columnar map payload (see dashboard-map.ts): integer codes, row indexes, 5-decimal coordinates. */
export function buildMapPayload(
  units: readonly UnitRow[],
  stations: readonly StationRow[],
  cameras: readonly CameraRow[],
  roadSigns: readonly RoadSignRow[],
  now: number,
): MapPayload {
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const unitIndex = new Map<string, number>();
  const out: MapPayload = {
    generatedAt: now,
    units: { id: [], name: [] },
    stations: { id: [], name: [], unit: [], lat: [], lon: [], status: [], worstCameraStatus: [], cameraCount: [] },
    cameras: { id: [], station: [], status: [], cause: [], bearingDeg: [], fovDeg: [], rangeM: [], since: [] },
    roadSigns: { id: [], lat: [], lon: [], road: [], label: [] },
  };
  const stationIndex = new Map<string, number>();
  const statuses: CameraMapStatus[][] = [];
  for (const s of stations) {
    let u = unitIndex.get(s.unitId);
    if (u === undefined) {
      u = out.units.id.push(s.unitId) - 1;
      out.units.name.push(unitName.get(s.unitId) ?? s.unitId);
      unitIndex.set(s.unitId, u);
    }
    stationIndex.set(s.id, out.stations.id.push(s.id) - 1);
    out.stations.name.push(s.name);
    out.stations.unit.push(u);
    out.stations.lat.push(round5(s.lat));
    out.stations.lon.push(round5(s.lon));
    out.stations.status.push(STATION_LIVENESS.indexOf(s.state));
    statuses.push([]);
  }
  for (const c of cameras) {
    const si = stationIndex.get(c.stationId);
    if (si === undefined) continue;
    out.cameras.id.push(c.id);
    out.cameras.station.push(si);
    out.cameras.status.push(CAMERA_MAP_STATUSES.indexOf(c.status));
    out.cameras.cause.push(causeCode(c.cause));
    out.cameras.bearingDeg.push(c.bearingDeg);
    out.cameras.fovDeg.push(c.fovDeg);
    out.cameras.rangeM.push(c.rangeM);
    out.cameras.since.push(c.since ?? 0);
    statuses[si]!.push(c.status);
  }
  out.stations.worstCameraStatus = statuses.map((s) => CAMERA_MAP_STATUSES.indexOf(worstOf(s)));
  out.stations.cameraCount = statuses.map((s) => s.length);
  for (const r of roadSigns) {
    out.roadSigns.id.push(r.id);
    out.roadSigns.lat.push(round5(r.lat));
    out.roadSigns.lon.push(round5(r.lon));
    out.roadSigns.road.push(r.road);
    out.roadSigns.label.push(r.label);
  }
  return out;
}
