import type { Station } from '@camwatch/config';
import type { CommuneGeo } from './geography.ts';
import { installDate, rolloutDay } from './install-dates.ts';
import { contactName, contactPhone } from './people.ts';
import { round6, type Projection } from './planar.ts';
import type { Rng } from './prng.ts';
import { containsPoint, type RoadPoint } from './road-network.ts';
import { PROVINCE } from './data/long-an-units.ts';

export interface PlacedStation {
  station: Station;
  /** Direction of the road the station watches; its cameras look along it. */
  bearing: number;
  commune: CommuneGeo;
}

/** Share of a commune's stations on a national road when one crosses it. */
const ON_MAIN_ROAD = 0.6;
/** Settlements: most local-road stations stand within this distance of the commune centre. */
const SETTLEMENT_KM = 1.5;
const FUNDING = [
  ['community', 78],
  ['mixed', 10],
  ['business', 7],
  ['state', 5],
] as const;

/** Lower-cases the unit type for use inside an address ("xã Phước Lợi, huyện Bến Lức"). */
const inAddress = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function pickRoadPoint(c: CommuneGeo, rng: Rng): RoadPoint {
  if (c.mainRoad.length > 0 && rng.next() < ON_MAIN_ROAD) return rng.pick(c.mainRoad);
  const road = rng.pick(c.localRoads);
  const near = road.points.filter((p) => p.offsetKm <= SETTLEMENT_KM);
  return rng.pick(near.length > 0 && rng.next() < 0.75 ? near : road.points);
}

/** Moves a road point up to 100 m along its road, staying in the commune. */
function jitterAlong(p: RoadPoint, c: CommuneGeo, rng: Rng, proj: Projection): [number, number] {
  const [x, y] = proj.toXY([p.lon, p.lat]);
  const d = rng.range(0, 0.1);
  const rad = (p.bearing * Math.PI) / 180;
  const [lon, lat] = proj.toLonLat(x + d * Math.sin(rad), y + d * Math.cos(rad)).map(round6) as [number, number];
  if (containsPoint(c, lon, lat)) return [lon, lat];
  return [round6(p.lon), round6(p.lat)];
}

/**
 * Places `count` stations in one equipped commune: on the national road through it when there
 * is one, otherwise (and for the rest) on its local roads, mostly near the settlement.
 */
export function placeStations(c: CommuneGeo, count: number, pioneer: boolean, rng: Rng, proj: Projection): PlacedStation[] {
  const rollout = rolloutDay(rng, pioneer);
  const urban = c.kind !== 'commune';
  const hamlets = Math.max(3, Math.min(12, Math.round(c.areaKm2 / 4)));
  const out: PlacedStation[] = [];
  for (let k = 1; k <= count; k++) {
    const p = pickRoadPoint(c, rng);
    const [lon, lat] = jitterAlong(p, c, rng, proj);
    const hamlet = `${urban ? 'Khu phố' : 'Ấp'} ${rng.int(1, hamlets)}`;
    const station: Station = {
      id: `${c.id}-${String(k).padStart(3, '0')}`,
      name: `Điểm camera ${inAddress(hamlet)} (${p.road})`,
      unitId: c.id,
      address: `${hamlet}, ${inAddress(c.name)}, ${inAddress(c.district.name)}, tỉnh ${PROVINCE.shortName}`,
      lat,
      lon,
      road: p.road,
      installedAt: installDate(rng, rollout),
      funding: rng.weighted(FUNDING),
      contactName: contactName(rng, urban),
      contactPhone: contactPhone(rng),
    };
    out.push({ station, bearing: p.bearing, commune: c });
  }
  return out;
}
