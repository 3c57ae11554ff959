/**
 * Encoding of rows for PostgreSQL's COPY text format, shared by both Db implementations
 * (COPY FROM STDIN over the wire, COPY FROM '/dev/blob' in PGlite).
 */
const IDENT = /^[a-z_][a-z0-9_]*$/;

/** Table and column names come from code, never from input; anything else is a bug. */
export function assertIdentifier(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a safe SQL identifier: ${name}`);
  return name;
}

export function copyStatement(table: string, columns: readonly string[], source: 'STDIN' | "'/dev/blob'"): string {
  return `COPY ${assertIdentifier(table)} (${columns.map(assertIdentifier).join(', ')}) FROM ${source}`;
}

function escapeText(s: string): string {
  // Backslash first, then the characters COPY text format treats as delimiters.
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function encodeCopyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot COPY non-finite number ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  return escapeText(JSON.stringify(value));
}

export function encodeCopyRows(rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const row of rows) out += row.map(encodeCopyValue).join('\t') + '\n';
  return out;
}
