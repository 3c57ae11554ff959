import type { Language } from '@camwatch/config/api';

/** Numbers follow the language: vi-VN groups with `.` and uses `,` for decimals (1.696; 99,5). */
const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };
const GROUP_SEPARATORS: Record<Language, string> = { vi: '.', en: ',' };
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

/**
 * Whole non-negative numbers (every count on screen) are grouped here, as vi-VN and en-GB group
 * them: the map's cluster counts are drawn in the first frame, and creating the first
 * Intl.NumberFormat (ICU's locale data) costs ≈0.2 s on a budget phone. The rest goes to Intl.
 */
export function formatInteger(lang: Language, n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || Object.is(n, -0)) return cached(integerFormats, lang, { maximumFractionDigits: 0 }).format(n);
  return String(n).replace(/\B(?=(\d{3})+$)/g, GROUP_SEPARATORS[lang]);
}

export function formatDecimal(lang: Language, n: number): string {
  return cached(decimalFormats, lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
}

/** Uptime percentages: one decimal, `—` when nothing was observed (no data is not downtime). */
export function formatPercent(lang: Language, pct: number | null): string {
  return pct === null ? '—' : `${formatDecimal(lang, pct)} %`;
}
