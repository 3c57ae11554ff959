import ExcelJS from 'exceljs';

/**
 * Rows (first: headings) as an .xlsx workbook of one sheet, headings bold and frozen. `numFmts`
 * gives a column its cell format: text (`@`) keeps a phone's leading 0 as typed, a date format
 * makes a typed date a date cell.
 */
export async function writeSheetXlsx(
  sheetName: string,
  rows: readonly (readonly string[])[],
  numFmts: readonly (string | undefined)[] = [],
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const headings = rows[0] ?? [];
  sheet.columns = headings.map((h, i) => {
    const numFmt = numFmts[i];
    return { width: Math.max(12, h.length + 4), ...(numFmt ? { style: { numFmt } } : {}) };
  });
  for (const r of rows) sheet.addRow([...r]);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
