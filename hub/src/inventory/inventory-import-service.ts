import type { Inventory } from '@camwatch/config';
import type { AuditLog, Caller } from '../audit/audit-log.ts';
import type { Db } from '../db/db.ts';
import { importInventory, type ImportSummary } from './inventory-import.ts';

/**
 * A province inventory imported through the API: the load and its audit entry commit together,
 * then `afterImport` runs (rewriting Mosquitto's files: retired stations lose their accounts).
 */
export class InventoryImportService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly afterImport?: () => Promise<void>,
  ) {}

  async import(by: Caller, inv: Inventory): Promise<ImportSummary> {
    const summary = await this.db.transaction(async (tx) => {
      const summary = await importInventory(tx, inv);
      await this.audit.record(
        { actor: by.actor, action: 'inventory.import', targetKind: 'inventory', targetId: inv.province, detail: { ...summary }, ip: by.ip },
        tx,
      );
      return summary;
    });
    await this.afterImport?.();
    return summary;
  }
}
