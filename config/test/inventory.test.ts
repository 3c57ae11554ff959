import { describe, expect, it } from 'vitest';
import { InventoryError, parseInventoryCsv, parseInventoryYaml, toEntityCsv, type Inventory } from '../src/index.ts';

const yamlOk = `version: 1
province: Long An
units:
  - { id: LA, name: Long An, kind: province, parentId: null }
  - { id: BL, name: Bến Lức, kind: district, parentId: LA }
  - { id: BL-PL, name: Phước Lợi, kind: commune, parentId: BL }
stations:
  - id: LA-BL-0001
    name: Ngã ba Phước Lợi
    unitId: BL-PL
    address: QL1, ấp 3
    lat: 10.64
    lon: 106.48
    road: QL1
    installedAt: "2023-05-01"
    funding: community
cameras:
  - { id: LA-BL-0001-C1, stationId: LA-BL-0001, make: KBVision, model: KX-2011, rtspUrl: "rtsp://192.0.2.10/1", bearingDeg: 90, fovDeg: 90, rangeM: 60 }
roadSigns: []
`;

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (err instanceof InventoryError) return err.issues;
    throw err;
  }
  throw new Error('expected an InventoryError');
}

describe('YAML inventory', () => {
  it('loads a valid inventory of any depth', () => {
    const inv = parseInventoryYaml(yamlOk, 'inv.yaml');
    expect(inv.units.map((u) => u.id)).toEqual(['LA', 'BL', 'BL-PL']);
    expect(inv.cameras[0]!.stationId).toBe('LA-BL-0001');
  });

  it('reports every error at once with its line', () => {
    const bad = yamlOk
      .replace('    lat: 10.64', '    lat: 100.64') // line 12
      .replace('    road: QL1', '    road: QL1\n    colour: red') // unknown key at line 15
      .replace('bearingDeg: 90', 'bearingDeg: north'); // cameras line shifts by one
    const issues = issuesOf(() => parseInventoryYaml(bad, 'inv.yaml'));
    const summary = issues.map((i) => `${i.line} ${i.path}`);
    expect(summary).toContain('12 /stations/0/lat');
    expect(summary).toContain('15 /stations/0/colour');
    expect(summary.some((s) => s.startsWith('19 /cameras/0/bearingDeg'))).toBe(true);
    expect(issues.every((i) => i.file === 'inv.yaml')).toBe(true);
  });

  it('reports broken references and duplicate ids with lines', () => {
    const bad = yamlOk.replace('unitId: BL-PL', 'unitId: NOWHERE').replace('parentId: BL }', 'parentId: XX }');
    const issues = issuesOf(() => parseInventoryYaml(bad, 'inv.yaml'));
    expect(issues.map((i) => `${i.line} ${i.message}`)).toEqual(
      expect.arrayContaining(['6 unknown parent unit XX', '10 unknown unit NOWHERE']),
    );
  });
});

describe('CSV inventory', () => {
  const inv = parseInventoryYaml(yamlOk);
  const tables = (overrides: Partial<Record<keyof Inventory, string>> = {}) => ({
    units: { file: 'units.csv', text: overrides.units ?? toEntityCsv('units', inv.units) },
    stations: { file: 'stations.csv', text: overrides.stations ?? toEntityCsv('stations', inv.stations) },
    cameras: { file: 'cameras.csv', text: overrides.cameras ?? toEntityCsv('cameras', inv.cameras) },
    roadSigns: { file: 'road-signs.csv', text: overrides.roadSigns ?? toEntityCsv('roadSigns', inv.roadSigns) },
  });

  it('round-trips export and import', () => {
    expect(parseInventoryCsv(tables(), 'Long An')).toEqual(inv);
  });

  it('round-trips a station type: a collector stays a collector, an empty cell stays absent', () => {
    const withCollector = { ...inv, stations: inv.stations.map((st, i) => (i === 0 ? { ...st, type: 'collector' as const } : st)) };
    const stations = toEntityCsv('stations', withCollector.stations);
    expect(parseInventoryCsv(tables({ stations }), 'Long An')).toEqual(withCollector);
  });

  it('round-trips unit lineage in one cell, and names a bad entry or a unit merged from itself', () => {
    const lineage = [
      { relation: 'merged_from' as const, unitId: 'OLD-1', at: '2025-07-01' },
      { relation: 'merged_from' as const, unitId: 'OLD-2', at: '2025-07-01' },
    ];
    const merged = { ...inv, units: inv.units.map((u, i) => (i === inv.units.length - 1 ? { ...u, lineage } : u)) };
    const units = toEntityCsv('units', merged.units);
    expect(units).toContain('merged_from:OLD-1:2025-07-01;merged_from:OLD-2:2025-07-01');
    expect(parseInventoryCsv(tables({ units }), 'Long An')).toEqual(merged);
    const bad = units.replace('merged_from:OLD-2', 'joined:OLD-2');
    expect(issuesOf(() => parseInventoryCsv(tables({ units: bad }), 'Long An')).map((i) => i.path)).toEqual([
      expect.stringMatching(/^\/lineage\/1/),
    ]);
    const self = inv.units.at(-1)!.id;
    const selfRef = toEntityCsv('units', [
      ...inv.units.slice(0, -1),
      { ...inv.units.at(-1)!, lineage: [{ ...lineage[0]!, unitId: self }] },
    ]);
    expect(issuesOf(() => parseInventoryCsv(tables({ units: selfRef }), 'Long An')).map((i) => i.message)).toEqual([
      `lineage names ${self} twice or the unit itself`,
    ]);
  });

  it('rejects unknown columns and bad cells with file and line', () => {
    const stations = toEntityCsv('stations', inv.stations)
      .replace('contactPhone', 'contactPhone,colour')
      .replace(/\n(.+)\n$/, (_m, row: string) => `\n${row},red\n`);
    const cameras = toEntityCsv('cameras', [...inv.cameras, { ...inv.cameras[0]!, id: 'C2', fovDeg: -5 }]);
    const issues = issuesOf(() => parseInventoryCsv(tables({ stations, cameras }), 'Long An'));
    expect(issues.map((i) => `${i.file}:${i.line} ${i.path}`)).toEqual(
      expect.arrayContaining(['stations.csv:2 /colour', 'cameras.csv:3 /fovDeg']),
    );
  });
});
