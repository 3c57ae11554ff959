import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CSV_FILES,
  parseInventoryYaml,
  toEntityCsv,
  writePrivateCameraCsv,
  type CreatePrivateCameraBody,
  type EntityKind,
  type Inventory,
} from '@camwatch/config';
import { stringify } from 'yaml';
import type { Fleet } from './generate-fleet.ts';

/** YAML as the config loader reads it; no line folding, so the file diffs cleanly. */
export function inventoryYaml(inv: Inventory): string {
  return stringify(inv, { lineWidth: 0 });
}

const json = (value: unknown) => JSON.stringify(value) + '\n';

/**
 * Writes a fleet: inventory.yaml (validated by the config loader first, so a file we write
 * always loads back), the same tables as CSV, and the map layers as GeoJSON.
 * Returns the paths written, in a fixed order.
 */
export async function writeFleet(fleet: Fleet, dir: string): Promise<string[]> {
  const yamlFile = join(dir, 'inventory.yaml');
  const yamlText = inventoryYaml(fleet.inventory);
  parseInventoryYaml(yamlText, yamlFile);
  const files: [string, string][] = [[yamlFile, yamlText]];
  for (const kind of Object.keys(CSV_FILES) as EntityKind[]) {
    files.push([join(dir, 'csv', CSV_FILES[kind]), toEntityCsv(kind, fleet.inventory[kind])]);
  }
  files.push(...geoFiles(fleet.geo, dir));
  await mkdir(join(dir, 'csv'), { recursive: true });
  for (const [file, text] of files) await writeFile(file, text, 'utf8');
  return files.map(([file]) => file);
}

function geoFiles(geo: Fleet['geo'], dir: string): [string, string][] {
  return [
    [join(dir, 'outline.geojson'), json(geo.outline)],
    [join(dir, 'districts.geojson'), json(geo.districts)],
    [join(dir, 'units.geojson'), json(geo.units)],
    [join(dir, 'roads.geojson'), json(geo.roads)],
  ];
}

/** Writes only the map layers (what the hub serves to the dashboard from GEO_DIR). */
export async function writeFleetGeo(geo: Fleet['geo'], dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [file, text] of geoFiles(geo, dir)) await writeFile(file, text, 'utf8');
}

/** Writes the private cameras as a commune spreadsheet (CSV) the hub's import accepts; returns its path. */
export async function writePrivateCameras(cameras: readonly CreatePrivateCameraBody[], dir: string): Promise<string> {
  const file = join(dir, 'private-cameras.csv');
  await mkdir(dir, { recursive: true });
  await writeFile(file, writePrivateCameraCsv(cameras), 'utf8');
  return file;
}
