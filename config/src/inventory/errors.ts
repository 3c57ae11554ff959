export interface InventoryIssue {
  file: string;
  /** 1-based line, or null when the problem is not tied to one line (e.g. a missing file section). */
  line: number | null;
  path: string;
  message: string;
}

export class InventoryError extends Error {
  override readonly name = 'InventoryError';
  constructor(readonly issues: InventoryIssue[]) {
    super(`inventory has ${issues.length} problem(s):\n` + issues.map(formatInventoryIssue).join('\n'));
  }
}

export function formatInventoryIssue(i: InventoryIssue): string {
  return `${i.file}${i.line === null ? '' : `:${i.line}`}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}
