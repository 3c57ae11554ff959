import { CSV_FILES, toEntityCsv, toInventoryYaml, type InventoryExportQuery } from '@camwatch/config';
import type { Scope } from '../auth/scope.ts';
import { invalid, type Refusal } from '../service-refusal.ts';
import type { InventoryExportRepository } from './inventory-export-repository.ts';

/** An export as a download: its text, media type and (for files) a name. */
export interface InventoryFile {
  body: string;
  contentType: string;
  filename: string | null;
}

/** The inventory of the caller's area in the formats of `config`: YAML (the default), JSON, or one CSV table. */
export class InventoryExportService {
  constructor(
    private readonly repository: InventoryExportRepository,
    private readonly provinceName: string,
  ) {}

  async export(scope: Scope, q: InventoryExportQuery): Promise<InventoryFile | Refusal> {
    // Checked before reading: a CSV file holds one table, so it must be named.
    if (q.format === 'csv' && !q.entity)
      return invalid('query/entity', 'CSV exports one table: give entity=units|stations|cameras|roadSigns');
    const inv = await this.repository.export(scope, this.provinceName);
    if (q.format === 'csv' && q.entity)
      return { body: toEntityCsv(q.entity, inv[q.entity]), contentType: 'text/csv; charset=utf-8', filename: CSV_FILES[q.entity] };
    if (q.format === 'json') return { body: JSON.stringify(inv), contentType: 'application/json; charset=utf-8', filename: null };
    return { body: toInventoryYaml(inv), contentType: 'application/yaml; charset=utf-8', filename: 'inventory.yaml' };
  }
}
