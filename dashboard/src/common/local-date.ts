import { localDate } from '@camwatch/config/time';

/** `yyyy-MM-dd` → `dd/MM/yyyy`, how dates are written in Viet Nam. */
export function toDisplayDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** `d/M/yyyy` or `dd/MM/yyyy` → `yyyy-MM-dd`; null when it is not a real calendar date. */
export function parseDisplayDate(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

export type RangePreset = '7d' | '30d' | 'thisMonth' | 'lastMonth';
export const RANGE_PRESETS: readonly RangePreset[] = ['7d', '30d', 'thisMonth', 'lastMonth'];

/** Report ranges as local dates in Asia/Ho_Chi_Minh, `to` inclusive. */
export function presetRange(preset: RangePreset, now: number): { from: string; to: string } {
  const today = localDate(now);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const iso = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
  switch (preset) {
    case '7d':
      return { from: localDate(now - 6 * 86_400_000), to: today };
    case '30d':
      return { from: localDate(now - 29 * 86_400_000), to: today };
    case 'thisMonth':
      return { from: iso(y, m, 1), to: today };
    case 'lastMonth':
      return { from: iso(y, m - 1, 1), to: iso(y, m, 0) };
  }
}
