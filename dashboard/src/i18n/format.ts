import type { Language } from '@camwatch/config/api';
import { formatLocalDateTime } from '@camwatch/config/time';
import { formatInteger } from './number-format.ts';
import { translate } from './translate.ts';

// Numbers live in number-format.ts, which the boot map uses without the message dictionaries.
export { formatDecimal, formatInteger, formatPercent } from './number-format.ts';

/** dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh whatever the browser's zone, in both languages. */
export function formatDateTime(ts: number | null): string {
  return ts === null || ts <= 0 ? '—' : formatLocalDateTime(ts);
}

/**
 * Whole minutes, rounded to the nearest: the one rounding for durations on screen and in the
 * CSV, so a table cell and its exported figure never differ (25 vs 26).
 */
export function wholeMinutes(ms: number): number {
  return Math.max(0, Math.round(ms / 60_000));
}

export function formatDuration(lang: Language, ms: number): string {
  const minutes = wholeMinutes(ms);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return translate(lang, 'duration.days', { d: formatInteger(lang, d), h });
  if (h > 0) return translate(lang, 'duration.hours', { h, m });
  return translate(lang, 'duration.minutes', { m });
}
