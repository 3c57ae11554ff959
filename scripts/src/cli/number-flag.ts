/** A numeric command-line flag: `fallback` when absent, a clear RangeError when not a number ≥ `min`. */
export function numberFlag(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new RangeError(`--${name} must be a number ≥ ${min}, got "${raw}"`);
  return n;
}

/** The same for a whole number (a count of cameras, days). */
export function integerFlag(name: string, raw: string | undefined, fallback: number, min: number): number {
  const n = numberFlag(name, raw, fallback, min);
  if (!Number.isInteger(n)) throw new RangeError(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return n;
}

/** The word after `--name` in an argument list (`--name value`), for the benchmarks that take a plain argv. */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}
