import { Kind, OptionalKind, type TObject, type TSchema } from '@sinclair/typebox';
import { parse } from 'csv-parse/sync';
import { compileValidator } from '../validation.ts';
import { InventoryError, type InventoryIssue } from './errors.ts';
import { checkIntegrity } from './integrity.ts';
import { ENTITY_SCHEMAS, INVENTORY_VERSION, type EntityKind, type Inventory } from './schema.ts';

/** File names of a CSV inventory folder, one table per entity. */
export const CSV_FILES: Record<EntityKind, string> = {
  units: 'units.csv',
  stations: 'stations.csv',
  cameras: 'cameras.csv',
  roadSigns: 'road-signs.csv',
};

/**
 * Turns a CSV cell into the type its schema field wants: numbers, booleans, and an empty cell as
 * absent — or as null for a required nullable field (a union with null), which has no "absent".
 */
function coerce(schema: TSchema, cell: string): unknown {
  if (cell === '') return schema[Kind] === 'Union' && schema[OptionalKind] !== 'Optional' ? null : undefined;
  const kind = schema[Kind] as string;
  if (kind === 'Number' || kind === 'Integer') {
    const n = Number(cell);
    return Number.isFinite(n) ? n : cell;
  }
  if (kind === 'Boolean') return cell === 'true' ? true : cell === 'false' ? false : cell;
  if (kind === 'Array') return parseLineageCell(cell);
  return cell;
}

/**
 * A unit's lineage in one CSV cell: `merged_from:C1:2025-07-01;merged_from:C2:2025-07-01`. A
 * malformed entry is passed on as it is, for the schema to name the problem.
 */
function parseLineageCell(cell: string): unknown[] {
  return cell.split(';').map((entry) => {
    const [relation, unitId, at, ...rest] = entry.trim().split(':');
    return rest.length === 0 && at !== undefined ? { relation, unitId, at } : entry;
  });
}

const lineageCell = (v: unknown[]) =>
  v
    .map((l) => {
      const { relation, unitId, at } = l as { relation: string; unitId: string; at: string };
      return `${relation}:${unitId}:${at}`;
    })
    .join(';');

/** Parses one CSV table; each issue carries the file's line number of its record. */
export function parseEntityCsv<K extends EntityKind>(
  kind: K,
  text: string,
  file: string,
): { rows: Inventory[K]; lines: number[]; issues: InventoryIssue[] } {
  const schema: TObject = ENTITY_SCHEMAS[kind];
  const validator = compileValidator(schema);
  const issues: InventoryIssue[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, info: true, bom: true, trim: true }) as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { rows: [] as Inventory[K], lines: [], issues: [{ file, line: e.lines ?? null, path: '', message: e.message }] };
  }
  const rows: unknown[] = [];
  const lines: number[] = [];
  for (const { record, info } of records) {
    const row: Record<string, unknown> = {};
    for (const [key, cell] of Object.entries(record)) {
      const field = schema.properties[key];
      const value = field ? coerce(field, cell) : cell;
      if (value !== undefined) row[key] = value;
    }
    for (const i of validator.issues(row)) issues.push({ file, line: info.lines, path: i.path, message: i.message });
    rows.push(row);
    lines.push(info.lines);
  }
  return { rows: rows as Inventory[K], lines, issues };
}

/** Assembles CSV tables (already read) into an inventory, checking references across tables. */
export function parseInventoryCsv(tables: Record<EntityKind, { file: string; text: string }>, province: string): Inventory {
  const issues: InventoryIssue[] = [];
  const inv = { version: INVENTORY_VERSION, province } as Inventory;
  const lineIndex = {} as Record<EntityKind, { file: string; lines: number[] }>;
  for (const kind of Object.keys(CSV_FILES) as EntityKind[]) {
    const { file, text } = tables[kind];
    const parsed = parseEntityCsv(kind, text, file);
    (inv as unknown as Record<EntityKind, unknown>)[kind] = parsed.rows;
    lineIndex[kind] = { file, lines: parsed.lines };
    issues.push(...parsed.issues);
  }
  if (issues.length) throw new InventoryError(issues);
  for (const i of checkIntegrity(inv)) {
    const { file, lines } = lineIndex[i.entity];
    issues.push({ file, line: lines[i.index] ?? null, path: `/${i.field}`, message: i.message });
  }
  if (issues.length) throw new InventoryError(issues);
  return inv;
}

/** Writes one entity table as CSV (header from the schema, so export and import agree). */
export function toEntityCsv<K extends EntityKind>(kind: K, rows: Inventory[K]): string {
  const columns = Object.keys(ENTITY_SCHEMAS[kind].properties);
  const cell = (v: unknown) => {
    if (v === undefined || v === null) return '';
    const s = Array.isArray(v) ? lineageCell(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const body = (rows as Record<string, unknown>[]).map((r) => columns.map((c) => cell(r[c])).join(','));
  return [columns.join(','), ...body].join('\n') + '\n';
}
