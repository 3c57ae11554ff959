import type { Inventory } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { InventoryImportRepository, type ImportSummary } from './inventory-import-repository.ts';

export type { ImportSummary };

/**
 * Loads an inventory into the database in one transaction (upsert by id): moved stations keep
 * their past in the old unit, missing stations and cameras are retired, never deleted.
 */
export function importInventory(db: Db, inv: Inventory, now = new Date()): Promise<ImportSummary> {
  return new InventoryImportRepository(db).load(inv, now);
}
