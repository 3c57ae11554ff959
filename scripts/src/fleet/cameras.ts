import type { Camera } from '@camwatch/config';
import { normaliseBearing } from './planar.ts';
import type { Rng } from './prng.ts';
import type { PlacedStation } from './stations.ts';

type Make = 'Hikvision' | 'Dahua' | 'KBVision' | 'Imou';

/** Common street-camera models of each brand sold in Vietnam (bullet and turret, 2–4 MP). */
const MODELS: Record<Make, readonly string[]> = {
  Hikvision: ['DS-2CD1023G0E-I', 'DS-2CD1043G2-LIU', 'DS-2CD2043G2-I', 'DS-2CD2T47G2-L', 'DS-2CD1323G0E-I'],
  Dahua: ['IPC-HFW1230S1-S5', 'IPC-HFW1431S1-S4', 'IPC-HFW2431S-S-S2', 'IPC-HDW1230T1-S5', 'IPC-HFW2249S-S-LED'],
  KBVision: ['KX-A2011N3', 'KX-C2012S5', 'KX-A4012N2', 'KX-C4012S5'],
  Imou: ['IPC-F22P', 'IPC-F42P', 'IPC-G42P', 'IPC-F26FP'],
};
const MAKES = [
  ['Hikvision', 38],
  ['Dahua', 30],
  ['KBVision', 20],
  ['Imou', 12],
] as const;

/** Fixed lenses and the horizontal field of view and useful range that go with them. */
const LENSES = [
  { fov: 104, range: [30, 55] },
  { fov: 87, range: [40, 75] },
  { fov: 81, range: [50, 90] },
  { fov: 62, range: [80, 120] },
] as const;

/** Turns to look along the road, both ways, then up and down the side street. */
const TURNS = [0, 180, 90, 270] as const;

/** Private 10/8 address for camera `j` of the station with global index `i` (8 per station). */
export function cameraIp(i: number, j: number): string {
  const n = i * 8 + j + 1;
  return `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Stream paths as each brand's firmware serves them (KBVision and Imou run Dahua firmware). */
function rtspUrl(make: Make, ip: string): string {
  return make === 'Hikvision' ? `rtsp://${ip}:554/Streaming/Channels/101` : `rtsp://${ip}:554/cam/realmonitor?channel=1&subtype=0`;
}

/** The cameras of one station: one installer, usually one brand, all watching the road. */
export function stationCameras(ps: PlacedStation, stationIndex: number, count: number, rng: Rng): Camera[] {
  const make: Make = rng.weighted(MAKES);
  const cameras: Camera[] = [];
  for (let j = 0; j < count; j++) {
    const camMake: Make = rng.next() < 0.85 ? make : rng.weighted(MAKES);
    const lens = rng.weighted(LENSES.map((l, k) => [l, [3, 4, 2, 1][k] ?? 1] as const));
    const ip = cameraIp(stationIndex, j);
    cameras.push({
      id: `${ps.station.id}-C${j + 1}`,
      stationId: ps.station.id,
      make: camMake,
      model: rng.pick(MODELS[camMake]),
      onvifUrl: `http://${ip}/onvif/device_service`,
      rtspUrl: rtspUrl(camMake, ip),
      bearingDeg: Math.round(normaliseBearing(ps.bearing + (TURNS[j % 4] ?? 0) + rng.range(-12, 12))) % 360,
      fovDeg: Math.min(110, Math.max(60, lens.fov + rng.int(-2, 2))),
      rangeM: rng.int(lens.range[0], lens.range[1]),
    });
  }
  return cameras;
}
