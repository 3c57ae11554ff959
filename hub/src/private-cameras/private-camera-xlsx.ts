import ExcelJS from 'exceljs';
import { importIssue, readPrivateCameraGrid, type SheetCell, type SheetReading } from '@camwatch/config';

/**
 * Reads the first sheet of an .xlsx file (exceljs) into the shared grid reader. Formulas give
 * their cached result, rich text its plain text; a file that is not a workbook is one issue.
 */
export async function parsePrivateCameraXlsx(file: Buffer): Promise<SheetReading> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(file as unknown as ArrayBuffer);
  } catch (err) {
    const problem = { reason: 'unreadable_xlsx', params: { detail: (err as Error).message } } as const;
    return { rows: [], issues: [importIssue(1, null, problem)], total: 0 };
  }
  const sheet = book.worksheets[0];
  if (!sheet) return { rows: [], issues: [importIssue(1, null, { reason: 'no_sheet', params: {} })], total: 0 };
  const grid: SheetCell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: SheetCell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = plain(cell.value);
    });
    grid[rowNumber - 1] = cells;
  });
  // Rows exceljs skipped (never written) stay blank so line numbers match the sheet's.
  for (let i = 0; i < grid.length; i++) grid[i] ??= [];
  return readPrivateCameraGrid(grid);
}

function plain(v: ExcelJS.CellValue): SheetCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('result' in v) return v.result === undefined ? null : plain(v.result as ExcelJS.CellValue);
  if ('text' in v) return String(v.text);
  if ('error' in v) return `#${String(v.error)}`;
  return null;
}
