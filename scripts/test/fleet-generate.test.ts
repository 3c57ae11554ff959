import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { isValidId } from '@camwatch/config';
import { loadInventory } from '@camwatch/config/node';
import { afterAll, describe, expect, it } from 'vitest';
import { MAIN_ROADS, OUTLINE } from '../src/fleet/data/long-an-geography.ts';
import { generateFleet, type Fleet } from '../src/fleet/generate-fleet.ts';
import { localProjection } from '../src/fleet/planar.ts';
import { writeFleet } from '../src/fleet/write-fleet.ts';

const fleets = { 1: generateFleet({ seed: 1 }), 2: generateFleet({ seed: 2 }) };
const dirs: string[] = [];
async function written(fleet: Fleet): Promise<{ dir: string; files: Map<string, Buffer> }> {
  const dir = await mkdtemp(join(tmpdir(), 'fleet-'));
  dirs.push(dir);
  const paths = await writeFleet(fleet, dir);
  const files = new Map<string, Buffer>();
  for (const p of paths) files.set(p.slice(dir.length + 1), await readFile(p));
  return { dir, files };
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('Long An fleet: counts', () => {
  it.each([1, 2] as const)('seed %i matches the police figures exactly', (seed) => {
    const { inventory: inv, summary } = fleets[seed];
    const communes = inv.units.filter((u) => ['commune', 'ward', 'township'].includes(u.kind));
    expect(communes.filter((u) => u.kind === 'commune')).toHaveLength(166);
    expect(communes.filter((u) => u.kind === 'ward')).toHaveLength(12);
    expect(communes.filter((u) => u.kind === 'township')).toHaveLength(14);
    expect(inv.units.filter((u) => ['district', 'town', 'city'].includes(u.kind))).toHaveLength(15);
    expect(new Set(inv.stations.map((s) => s.unitId)).size).toBe(112);
    expect(inv.stations).toHaveLength(670);
    expect(inv.cameras).toHaveLength(1696);
    expect(inv.roadSigns).toHaveLength(115);
    expect(summary).toMatchObject({
      communes: 192,
      equipped: 112,
      stations: 670,
      cameras: 1696,
      roadSigns: 115,
      districts: 15,
      wards: 12,
      townships: 14,
    });
  });

  it('gives each station 1 to 4 cameras, about 2.53 on average', () => {
    const per = new Map<string, number>();
    for (const c of fleets[1].inventory.cameras) per.set(c.stationId, (per.get(c.stationId) ?? 0) + 1);
    expect(per.size).toBe(670);
    expect(Math.min(...per.values())).toBe(1);
    expect(Math.max(...per.values())).toBe(4);
  });
});

describe('Long An fleet: determinism', () => {
  it('writes byte-identical files for the same seed and a different fleet for another seed', async () => {
    // A second, independent generation of seed 1 must write exactly the same bytes.
    const [a, b, c] = await Promise.all([written(fleets[1]), written(generateFleet({ seed: 1 })), written(fleets[2])]);
    expect([...a.files.keys()].sort()).toEqual([
      'csv/cameras.csv',
      'csv/road-signs.csv',
      'csv/stations.csv',
      'csv/units.csv',
      'districts.geojson',
      'inventory.yaml',
      'outline.geojson',
      'roads.geojson',
      'units.geojson',
    ]);
    for (const [name, bytes] of a.files) expect(bytes.equals(b.files.get(name) as Buffer), name).toBe(true);
    expect(a.files.get('inventory.yaml')?.equals(c.files.get('inventory.yaml') as Buffer)).toBe(false);
    expect(a.files.get('csv/stations.csv')?.equals(c.files.get('csv/stations.csv') as Buffer)).toBe(false);
    // Geography is the province, not the fleet: it must not move with the seed.
    expect(a.files.get('units.geojson')?.equals(c.files.get('units.geojson') as Buffer)).toBe(true);
  });

  it('writes an inventory that loads back through the config loaders, YAML and CSV alike', async () => {
    const { dir } = await written(fleets[1]);
    expect(await readdir(join(dir, 'csv'))).toHaveLength(4);
    const fromYaml = await loadInventory(join(dir, 'inventory.yaml'));
    expect(fromYaml).toEqual(fleets[1].inventory);
    const fromCsv = await loadInventory(join(dir, 'csv'), 'Long An');
    expect(fromCsv).toEqual(fleets[1].inventory);
  });
});

describe('Long An fleet: places', () => {
  const { inventory: inv, geo } = fleets[1];
  const cell = new Map(geo.units.features.map((f) => [f.properties.id, f]));

  it('has an outline of the province size with 30 to 60 vertices', () => {
    expect(OUTLINE.length - 1).toBeGreaterThanOrEqual(30);
    expect(OUTLINE.length - 1).toBeLessThanOrEqual(60);
    expect(Math.abs(geo.outline.properties.areaKm2 - 4495) / 4495).toBeLessThan(0.1);
    const communeArea = geo.units.features.reduce((s, f) => s + f.properties.areaKm2, 0);
    expect(communeArea).toBeCloseTo(geo.outline.properties.areaKm2, 0);
  });

  it('puts every station and road sign inside the outline and inside its own commune', () => {
    for (const s of [...inv.stations, ...inv.roadSigns]) {
      expect(booleanPointInPolygon([s.lon, s.lat], geo.outline), s.id).toBe(true);
      const own = cell.get(s.unitId);
      expect(own && booleanPointInPolygon([s.lon, s.lat], own), s.id).toBe(true);
    }
  });

  it('puts main-road stations on their road, and over a quarter of all stations on one', () => {
    const proj = localProjection([106.15, 10.7]);
    const onMain = inv.stations.filter((s) => MAIN_ROADS.some((r) => r.code === s.road));
    expect(onMain.length).toBeGreaterThan(inv.stations.length / 4);
    for (const s of onMain) {
      const path = (MAIN_ROADS.find((r) => r.code === s.road)?.path ?? []).map((p) => proj.toXY(p));
      const [px, py] = proj.toXY([s.lon, s.lat]);
      const gap = Math.min(
        ...path.slice(1).map(([bx = 0, by = 0], i) => {
          const [ax = 0, ay = 0] = path[i] ?? [];
          const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
          return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
        }),
      );
      expect(gap, s.id).toBeLessThan(0.11);
    }
  });

  it('is denser in the industrial districts (Bến Lức, Thủ Thừa, Đức Hòa, Cần Giuộc, Tân An)', () => {
    const industrial = new Set(['LA-BL', 'LA-TTA', 'LA-DHO', 'LA-CG', 'LA-TA']);
    const parent = new Map(inv.units.map((u) => [u.id, u.parentId]));
    const area = (ind: boolean) =>
      geo.districts.features.filter((f) => industrial.has(f.properties.id) === ind).reduce((s, f) => s + f.properties.areaKm2, 0);
    const count = (ind: boolean) => inv.stations.filter((s) => industrial.has(parent.get(s.unitId) ?? '') === ind).length;
    expect(count(true) / area(true)).toBeGreaterThan(2 * (count(false) / area(false)));
  });

  it.each([1, 2, 3])('equips Mỹ Lộc (Cần Giuộc) and Phước Lợi (Bến Lức), where the model started (seed %i)', (seed) => {
    const f = seed in fleets ? fleets[seed as 1 | 2] : generateFleet({ seed });
    const equipped = new Set(f.inventory.stations.map((s) => s.unitId));
    const unit = (name: string, parentId: string) =>
      f.inventory.units.find((u) => u.name === name && u.parentId === parentId)?.id ?? 'missing';
    expect(equipped.has(unit('Xã Mỹ Lộc', 'LA-CG'))).toBe(true);
    expect(equipped.has(unit('Xã Phước Lợi', 'LA-BL'))).toBe(true);
  });

  it('tags the 20 border communes, all in the districts along the Cambodian border', () => {
    const border = inv.units.filter((u) => u.border);
    expect(border).toHaveLength(20);
    const alongBorder = new Set(['LA-THG', 'LA-VH', 'LA-MH', 'LA-THH', 'LA-DHU', 'LA-KT']);
    for (const u of border) {
      expect(alongBorder.has(u.parentId ?? ''), u.id).toBe(true);
      expect(['commune', 'ward', 'township']).toContain(u.kind);
    }
    // Every one of the six district-level units touches the border, so each has at least one.
    expect(new Set(border.map((u) => u.parentId))).toEqual(alongBorder);
  });

  it('names the 15 district-level units with their real names and valid ids', () => {
    const districts = inv.units.filter((u) => u.parentId === 'LA').map((u) => u.name.replace(/^(Huyện|Thị xã|Thành phố) /, ''));
    expect(districts.sort()).toEqual(
      [
        'Bến Lức',
        'Cần Đước',
        'Cần Giuộc',
        'Châu Thành',
        'Đức Hòa',
        'Đức Huệ',
        'Kiến Tường',
        'Mộc Hóa',
        'Tân An',
        'Tân Hưng',
        'Tân Thạnh',
        'Tân Trụ',
        'Thạnh Hóa',
        'Thủ Thừa',
        'Vĩnh Hưng',
      ].sort(),
    );
    for (const u of inv.units) expect(isValidId(u.id), u.id).toBe(true);
    const wardParents = new Set(inv.units.filter((u) => u.kind === 'ward').map((u) => u.parentId));
    expect([...wardParents].sort()).toEqual(['LA-KT', 'LA-TA']);
  });
});
