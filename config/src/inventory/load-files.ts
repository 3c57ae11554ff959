import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CSV_FILES, parseInventoryCsv } from './csv-loader.ts';
import type { EntityKind, Inventory } from './schema.ts';
import { parseInventoryYaml } from './yaml-loader.ts';

export async function loadInventoryYaml(file: string): Promise<Inventory> {
  return parseInventoryYaml(await readFile(file, 'utf8'), file);
}

/** Loads a folder of CSV tables (units.csv, stations.csv, cameras.csv, optional road-signs.csv). */
export async function loadInventoryCsv(dir: string, province: string): Promise<Inventory> {
  const tables = {} as Record<EntityKind, { file: string; text: string }>;
  for (const kind of Object.keys(CSV_FILES) as EntityKind[]) {
    const file = join(dir, CSV_FILES[kind]);
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' && kind === 'roadSigns') return 'id,unitId,lat,lon,road,label\n';
      throw err;
    });
    tables[kind] = { file, text };
  }
  return parseInventoryCsv(tables, province);
}

/** Loads an inventory from a `.yaml`/`.yml` file or a folder of CSV tables. */
export async function loadInventory(path: string, province = 'unknown'): Promise<Inventory> {
  return /\.ya?ml$/i.test(path) ? loadInventoryYaml(path) : loadInventoryCsv(path, province);
}
