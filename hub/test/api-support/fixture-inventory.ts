import type { Inventory } from '@camwatch/config';

/**
 * A small province for API tests: two districts, three communes, one station per commune
 * (two in C1), two cameras per station. Commune users of C1 must never see C2 or C3.
 */
export const FIXTURE: Inventory = {
  version: 1,
  province: 'Tỉnh Thử',
  units: [
    { id: 'P', name: 'Tỉnh Thử', kind: 'province', parentId: null },
    { id: 'D1', name: 'Huyện Một', kind: 'district', parentId: 'P' },
    { id: 'D2', name: 'Huyện Hai', kind: 'district', parentId: 'P' },
    { id: 'C1', name: 'Xã Mỹ Lộc', kind: 'commune', parentId: 'D1', areaKm2: 12.5 },
    { id: 'C2', name: 'Xã Phước Lợi', kind: 'commune', parentId: 'D1', areaKm2: 20 },
    { id: 'C3', name: 'Thị trấn Cần Giuộc', kind: 'township', parentId: 'D2', areaKm2: 8 },
  ],
  stations: [
    station('ST-C1-A', 'C1', 10.61, 106.6),
    station('ST-C1-B', 'C1', 10.62, 106.61),
    station('ST-C2-A', 'C2', 10.63, 106.62),
    station('ST-C3-A', 'C3', 10.64, 106.63),
  ],
  cameras: ['ST-C1-A', 'ST-C1-B', 'ST-C2-A', 'ST-C3-A'].flatMap((s) => [camera(`${s}-1`, s, 0), camera(`${s}-2`, s, 180)]),
  roadSigns: [{ id: 'RS-1', unitId: 'C1', lat: 10.6, lon: 106.6, road: 'QL1', label: 'Tuyến đường có camera giám sát' }],
};

function station(id: string, unitId: string, lat: number, lon: number): Inventory['stations'][number] {
  return {
    id,
    name: `Trạm ${id}`,
    unitId,
    address: `Ấp 1, ${unitId}`,
    lat,
    lon,
    road: 'QL1',
    installedAt: '2024-01-15',
    funding: 'community',
  };
}

function camera(id: string, stationId: string, bearingDeg: number): Inventory['cameras'][number] {
  return { id, stationId, make: 'Hikvision', model: 'DS-2CD1043', rtspUrl: `rtsp://192.0.2.1/${id}`, bearingDeg, fovDeg: 90, rangeM: 50 };
}
