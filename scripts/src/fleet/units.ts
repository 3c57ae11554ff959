import type { Unit } from '@camwatch/config';
import { BORDER_COMMUNES } from './data/long-an-border.ts';
import { PROVINCE } from './data/long-an-units.ts';
import type { Geography } from './geography.ts';
import { round6, roundTo } from './planar.ts';
import { districtId } from './unit-ids.ts';

/**
 * The unit tree of the inventory: province → 15 districts → 192 communes, the border communes
 * tagged. Areas are those of the polygons we write (generated or imported), so the map and the
 * numbers agree.
 */
export function buildUnits(geo: Geography): Unit[] {
  const border = new Set(BORDER_COMMUNES.map((b) => `${districtId(b.district)}/${b.name}`));
  const totalKm2 = geo.districts.reduce((s, d) => s + d.areaKm2, 0);
  const mean = (f: (c: Geography['districts'][number]) => number) => geo.districts.reduce((s, d) => s + f(d) * d.areaKm2, 0) / totalKm2;
  const province: Unit = {
    id: PROVINCE.id,
    name: PROVINCE.name,
    kind: 'province',
    parentId: null,
    lat: round6(mean((d) => d.seed.centre[1])),
    lon: round6(mean((d) => d.seed.centre[0])),
    areaKm2: roundTo(geo.outlineKm2, 2),
  };
  const districts: Unit[] = geo.districts.map((d) => ({
    id: d.id,
    name: d.seed.name,
    kind: d.seed.kind,
    parentId: PROVINCE.id,
    lat: d.seed.centre[1],
    lon: d.seed.centre[0],
    areaKm2: roundTo(d.areaKm2, 2),
  }));
  const communes: Unit[] = geo.communes.map((c) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    parentId: c.districtId,
    lat: c.anchor[1],
    lon: c.anchor[0],
    areaKm2: roundTo(c.areaKm2, 2),
    ...(border.has(`${c.districtId}/${c.name}`) ? { border: true } : {}),
  }));
  return [province, ...districts, ...communes];
}
