import { CAMERA_CAUSES } from '@camwatch/config';
import type { GeoFeature, GeoFeatureCollection, Inventory, MapPayload } from '@camwatch/config';
import { mulberry32 } from '@camwatch/testkit/mulberry32';

/** Roughly Long An's extent. */
const BOX = { south: 10.4, north: 11.03, west: 105.85, east: 106.78 };
const UNITS = 192;

/**
 * A synthetic map payload of `cameras` cameras (stations of 1–4 cameras around 192 commune
 * centres), with a realistic mix of statuses. Only for the map benchmark and dev server:
 * the real payload comes from the hub.
 */
export function fixtureMapPayload(cameras: number, seed = 1): MapPayload {
  const rand = mulberry32(seed);
  const centres = Array.from(
    { length: UNITS },
    () => [BOX.south + rand() * (BOX.north - BOX.south), BOX.west + rand() * (BOX.east - BOX.west)] as const,
  );
  const payload: MapPayload = {
    generatedAt: Date.now(),
    units: { id: centres.map((_, u) => `U${String(u).padStart(3, '0')}`), name: centres.map((_, u) => `Xã Thử Nghiệm ${u + 1}`) },
    stations: { id: [], name: [], unit: [], lat: [], lon: [], status: [], worstCameraStatus: [], cameraCount: [] },
    cameras: { id: [], station: [], status: [], cause: [], bearingDeg: [], fovDeg: [], rangeM: [], since: [] },
    roadSigns: { id: [], lat: [], lon: [], road: [], label: [] },
  };
  const { stations: s, cameras: c } = payload;
  const now = Date.now();
  while (c.id.length < cameras) {
    const i = s.id.length;
    const u = Math.floor(rand() * UNITS);
    const [clat, clon] = centres[u]!;
    const spread = 0.02 + rand() * 0.03;
    const n = Math.min(cameras - c.id.length, 1 + Math.floor(rand() * 4));
    const offline = rand() < 0.02;
    s.id.push(`ST-${i}`);
    s.name.push(`Trạm ${i} Ấp Bình Tâm`);
    s.unit.push(u);
    s.lat.push(Math.round((clat + (rand() - 0.5) * spread * 2) * 1e5) / 1e5);
    s.lon.push(Math.round((clon + (rand() - 0.5) * spread * 2) * 1e5) / 1e5);
    s.status.push(offline ? 1 : 0);
    s.cameraCount.push(n);
    let worst = 0;
    for (let k = 0; k < n; k++) {
      const r = rand();
      const status = offline ? 3 : r < 0.03 ? 2 : r < 0.08 ? 1 : 0;
      if ([0, 1, 3, 2].indexOf(status) > [0, 1, 3, 2].indexOf(worst)) worst = status;
      c.id.push(`ST-${i}-C${k + 1}`);
      c.station.push(i);
      c.status.push(status);
      c.cause.push(status === 1 || status === 2 ? Math.floor(rand() * CAMERA_CAUSES.length) : -1);
      c.bearingDeg.push(Math.floor(rand() * 360));
      c.fovDeg.push(60 + Math.floor(rand() * 50));
      c.rangeM.push(30 + Math.floor(rand() * 90));
      c.since.push(now - Math.floor(rand() * 7 * 86_400_000));
    }
    s.worstCameraStatus.push(worst);
  }
  for (let k = 0; k < 115; k++) {
    const i = Math.floor(rand() * s.id.length);
    payload.roadSigns.id.push(`SIGN-${k}`);
    payload.roadSigns.lat.push(s.lat[i]! + 0.001);
    payload.roadSigns.lon.push(s.lon[i]! + 0.001);
    payload.roadSigns.road.push('QL1');
    payload.roadSigns.label.push('Tuyến đường có camera giám sát');
  }
  return payload;
}

/**
 * 192 unit outlines as a 12 × 16 grid over the same box, each edge bent through 20 points
 * (real commune boundaries have about that many vertices), plus a few long roads: enough
 * for the benchmark to pay for drawing outlines, shading and roads as the real map does.
 */
export function fixtureGeo(seed = 1): { units: GeoFeatureCollection; roads: GeoFeatureCollection } {
  const rand = mulberry32(seed + 7);
  const rows = 12;
  const cols = 16;
  const dLat = (BOX.north - BOX.south) / rows;
  const dLon = (BOX.east - BOX.west) / cols;
  const edge = (a: [number, number], b: [number, number]): number[][] =>
    Array.from({ length: 20 }, (_, k) => [a[0] + ((b[0] - a[0]) * k) / 20, a[1] + ((b[1] - a[1]) * k) / 20]);
  const features: GeoFeature[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const s = BOX.south + r * dLat;
      const w = BOX.west + c * dLon;
      const corners: Array<[number, number]> = [
        [w, s],
        [w + dLon, s],
        [w + dLon, s + dLat],
        [w, s + dLat],
      ];
      const ring = corners.flatMap((p, k) => edge(p, corners[(k + 1) % 4]!));
      ring.push(ring[0]!);
      const u = r * cols + c;
      features.push({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [ring] },
        properties: { id: `U${String(u).padStart(3, '0')}`, name: `Xã Thử Nghiệm ${u + 1}`, kind: 'commune' },
      });
    }
  }
  const roads: GeoFeature[] = ['QL1', 'N2', 'QL50', 'QL62', 'ĐT830', 'ĐT824'].map((ref) => {
    let lat = BOX.south + rand() * (BOX.north - BOX.south);
    let lon = BOX.west;
    const line: number[][] = [];
    while (lon < BOX.east) {
      line.push([lon, lat]);
      lon += 0.004;
      lat = Math.min(BOX.north, Math.max(BOX.south, lat + (rand() - 0.5) * 0.004));
    }
    return { type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: { code: ref, name: ref, kind: 'main' } };
  });
  return { units: { type: 'FeatureCollection', features }, roads: { type: 'FeatureCollection', features: roads } };
}

/**
 * The map payload the hub would send for this inventory, with a seeded status mix (95 % of
 * cameras ok, 3 % degraded, 2 % down; 2 % of stations offline): the benchmark's input.
 */
export function mapPayloadFromInventory(inventory: Inventory, seed = 1): MapPayload {
  const rand = mulberry32(seed);
  const units = inventory.units.filter((u) => inventory.stations.some((s) => s.unitId === u.id));
  const unitRow = new Map(units.map((u, k) => [u.id, k]));
  const stationRow = new Map(inventory.stations.map((s, i) => [s.id, i]));
  const offline = inventory.stations.map(() => rand() < 0.02);
  const worst = inventory.stations.map(() => 0);
  const count = inventory.stations.map(() => 0);
  const severity = [0, 1, 3, 2];
  const now = Date.now();
  const cameras: MapPayload['cameras'] = { id: [], station: [], status: [], cause: [], bearingDeg: [], fovDeg: [], rangeM: [], since: [] };
  for (const c of inventory.cameras) {
    const i = stationRow.get(c.stationId)!;
    const r = rand();
    const status = offline[i] ? 3 : r < 0.02 ? 2 : r < 0.05 ? 1 : 0;
    if (severity[status]! > severity[worst[i]!]!) worst[i] = status;
    count[i]!++;
    cameras.id.push(c.id);
    cameras.station.push(i);
    cameras.status.push(status);
    cameras.cause.push(status === 1 || status === 2 ? Math.floor(rand() * CAMERA_CAUSES.length) : -1);
    cameras.bearingDeg.push(c.bearingDeg);
    cameras.fovDeg.push(c.fovDeg);
    cameras.rangeM.push(c.rangeM);
    cameras.since.push(now - Math.floor(rand() * 7 * 86_400_000));
  }
  const s = inventory.stations;
  return {
    generatedAt: now,
    units: { id: units.map((u) => u.id), name: units.map((u) => u.name) },
    stations: {
      id: s.map((x) => x.id),
      name: s.map((x) => x.name),
      unit: s.map((x) => unitRow.get(x.unitId)!),
      lat: s.map((x) => x.lat),
      lon: s.map((x) => x.lon),
      status: offline.map((o) => (o ? 1 : 0)),
      worstCameraStatus: worst,
      cameraCount: count,
    },
    cameras,
    roadSigns: {
      id: inventory.roadSigns.map((x) => x.id),
      lat: inventory.roadSigns.map((x) => x.lat),
      lon: inventory.roadSigns.map((x) => x.lon),
      road: inventory.roadSigns.map((x) => x.road),
      label: inventory.roadSigns.map((x) => x.label),
    },
  };
}
