import { INVENTORY_VERSION, type Camera, type Inventory } from '@camwatch/config';
import { largestRemainder, spreadCounts, weightedSample } from './allocate.ts';
import type { BoundaryImport } from './boundaries.ts';
import { stationCameras } from './cameras.ts';
import { PIONEER_COMMUNES, PROVINCE } from './data/long-an-units.ts';
import { geoFeatures, type FleetGeo } from './geo-features.ts';
import { geographyFor, type CommuneGeo } from './geography.ts';
import { createRng } from './prng.ts';
import type { RoadImport } from './road-import.ts';
import { placeRoadSigns } from './road-signs.ts';
import { placeStations, type PlacedStation } from './stations.ts';
import { buildUnits } from './units.ts';

/** The province's figures from the police reports (2022–2024). */
export const LONG_AN_FLEET = { equipped: 112, stations: 670, cameras: 1696, roadSigns: 115 } as const;
const MAX_CAMERAS_PER_STATION = 4;
const MAX_SYNTHETIC_CAMERAS = 1_000_000;

export interface FleetOptions {
  seed: number;
  /** Total cameras; default the real 1,696. Other values scale stations and signs in proportion. */
  cameras?: number;
  /** Real commune boundaries that replace the generated cells (see boundaries.ts). */
  boundaries?: BoundaryImport;
  /** Real road geometry for QL1, N2, QL50, QL62 and other roads (see road-import.ts). */
  roads?: RoadImport;
}

export interface FleetSummary {
  communes: number;
  equipped: number;
  stations: number;
  cameras: number;
  roadSigns: number;
  districts: number;
  wards: number;
  townships: number;
}

export interface Fleet {
  inventory: Inventory;
  geo: FleetGeo;
  summary: FleetSummary;
}

/** Counts for a fleet of `cameras`: the real ratios (≈2.53 cameras a station), whole numbers. */
export function fleetCounts(cameras: number, communes: number): { stations: number; equipped: number; roadSigns: number } {
  const ratio = cameras / LONG_AN_FLEET.cameras;
  const stations = Math.min(cameras, Math.max(Math.ceil(cameras / MAX_CAMERAS_PER_STATION), Math.round(LONG_AN_FLEET.stations * ratio)));
  return {
    stations,
    equipped: Math.min(LONG_AN_FLEET.equipped, stations, communes),
    roadSigns: Math.round(LONG_AN_FLEET.roadSigns * ratio),
  };
}

/** Why a commune is likelier to be equipped, and to have more stations: industry, a national road, a town. */
function appeal(c: CommuneGeo): number {
  return (c.district.industrial ? 2.2 : 1) * (c.mainRoad.length > 0 ? 1.8 : 1) * (c.kind === 'commune' ? 1 : 1.5);
}

const isPioneer = (c: CommuneGeo) => PIONEER_COMMUNES.some((p) => c.districtId.endsWith(`-${p.district}`) && c.name === p.name);

/**
 * Generates a deterministic fleet for Long An: same seed and options, same inventory. With the
 * default camera count it matches the police figures exactly; with `cameras` it scales.
 */
export function generateFleet(options: FleetOptions): Fleet {
  const { seed, cameras: cameraTotal = LONG_AN_FLEET.cameras } = options;
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(cameraTotal) || cameraTotal < 1 || cameraTotal > MAX_SYNTHETIC_CAMERAS) {
    throw new Error(`cameras must be an integer from 1 to ${MAX_SYNTHETIC_CAMERAS}, got ${cameraTotal}`);
  }
  const geo = geographyFor(options.boundaries, options.roads);
  const rng = createRng(seed);
  const counts = fleetCounts(cameraTotal, geo.communes.length);

  const chosen = weightedSample(geo.communes, appeal, counts.equipped, rng.fork('equipped'), isPioneer);
  const equipped = geo.communes.filter((c) => chosen.has(c));
  const jitter = rng.fork('station-weights');
  const weights = equipped.map((c) => appeal(c) * (isPioneer(c) ? 2 : 1) * jitter.range(0.6, 1.4));
  const perCommune = largestRemainder(counts.stations, weights, 1);

  const placing = rng.fork('stations');
  const byCommune: PlacedStation[][] = equipped.map((c, i) => placeStations(c, perCommune[i] ?? 1, isPioneer(c), placing, geo.projection));
  const placed = byCommune.flat();

  const camRng = rng.fork('cameras');
  const perStation = spreadCounts(placed.length, cameraTotal, MAX_CAMERAS_PER_STATION, camRng);
  const cameras: Camera[] = [];
  placed.forEach((ps, i) => {
    for (const cam of stationCameras(ps, i, perStation[i] ?? 1, camRng)) cameras.push(cam);
  });

  const roadSigns = placeRoadSigns(counts.roadSigns, byCommune, rng.fork('road-signs'), geo.projection);
  const inventory: Inventory = {
    version: INVENTORY_VERSION,
    province: PROVINCE.shortName,
    units: buildUnits(geo),
    stations: placed.map((p) => p.station),
    cameras,
    roadSigns,
  };
  const summary: FleetSummary = {
    communes: geo.communes.length,
    equipped: equipped.length,
    stations: placed.length,
    cameras: cameras.length,
    roadSigns: roadSigns.length,
    districts: geo.districts.length,
    wards: geo.communes.filter((c) => c.kind === 'ward').length,
    townships: geo.communes.filter((c) => c.kind === 'township').length,
  };
  return { inventory, geo: geoFeatures(geo), summary };
}
