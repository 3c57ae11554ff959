import type { RoadSign } from '@camwatch/config';
import { largestRemainder } from './allocate.ts';
import { round6, type Projection } from './planar.ts';
import type { Rng } from './prng.ts';
import { containsPoint } from './road-network.ts';
import type { PlacedStation } from './stations.ts';

/**
 * Road signs ("Tuyến đường có camera giám sát") stand where a watched stretch begins: shared
 * among the equipped communes in proportion to their stations, each placed 30–80 m before
 * one of the commune's stations on the same road.
 */
export function placeRoadSigns(total: number, byCommune: PlacedStation[][], rng: Rng, proj: Projection): RoadSign[] {
  const shares = largestRemainder(
    total,
    byCommune.map((s) => s.length),
  );
  const signs: RoadSign[] = [];
  byCommune.forEach((stations, ci) => {
    const share = shares[ci] ?? 0;
    for (let k = 1; k <= share; k++) {
      const ps = rng.pick(stations);
      const back = rng.range(0.03, 0.08);
      const rad = (ps.bearing * Math.PI) / 180;
      const [x, y] = proj.toXY([ps.station.lon, ps.station.lat]);
      let [lon, lat] = proj.toLonLat(x - back * Math.sin(rad), y - back * Math.cos(rad)).map(round6) as [number, number];
      if (!containsPoint(ps.commune, lon, lat)) [lon, lat] = [ps.station.lon, ps.station.lat];
      const road = ps.station.road ?? 'Đường liên ấp';
      signs.push({
        id: `${ps.commune.id}-BB${String(k).padStart(2, '0')}`,
        unitId: ps.commune.id,
        lat,
        lon,
        road,
        label: `Tuyến đường có camera giám sát an ninh, trật tự (${road})`,
      });
    }
  });
  return signs;
}
