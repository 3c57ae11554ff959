/** A numeric command-line flag: `fallback` when absent, a clear RangeError when not a number ≥ `min`. */
export function numberFlag(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new RangeError(`--${name} must be a number ≥ ${min}, got "${raw}"`);
  return n;
}
