import type { Language } from '@camwatch/config/api';
import { formatLocalDateTime } from '@camwatch/config/time';
import { translate } from './translate.ts';

/** Numbers follow the language: vi-VN groups with `.` and uses `,` for decimals (1.696; 99,5). */
const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };
const integerFormats = new Map<Language, Intl.NumberFormat>();
const decimalFormats = new Map<Language, Intl.NumberFormat>();

function cached(map: Map<Language, Intl.NumberFormat>, lang: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = map.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[lang], options);
    map.set(lang, format);
  }
  return format;
}

export function formatInteger(lang: Language, n: number): string {
  return cached(integerFormats, lang, { maximumFractionDigits: 0 }).format(n);
}

export function formatDecimal(lang: Language, n: number): string {
  return cached(decimalFormats, lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
}

/** Uptime percentages: one decimal, `—` when nothing was observed (no data is not downtime). */
export function formatPercent(lang: Language, pct: number | null): string {
  return pct === null ? '—' : `${formatDecimal(lang, pct)} %`;
}

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
