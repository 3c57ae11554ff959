import { stringify } from 'yaml';
import type { Inventory } from '../inventory/schema.ts';

/** Writes an inventory as YAML that `parseInventoryYaml` reads back unchanged (the export of GET /api/inventory). */
export function toInventoryYaml(inv: Inventory): string {
  return stringify(inv, { lineWidth: 0 });
}
