import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDecimal, formatDuration, formatInteger, formatPercent } from '../src/i18n/format.ts';

describe('locale formats', () => {
  it('groups and separates numbers the Vietnamese way', () => {
    expect(formatInteger('vi', 1696)).toBe('1.696');
    expect(formatInteger('vi', 100000)).toBe('100.000');
    expect(formatDecimal('vi', 99.46)).toBe('99,5');
    expect(formatInteger('en', 1696)).toBe('1,696');
  });

  it('groups whole numbers by hand exactly as Intl does, and leaves the rest to Intl', () => {
    // formatInteger skips Intl.NumberFormat for whole non-negative numbers (its first use costs a phone ≈0.2 s).
    const samples = [0, 7, 42, 999, 1000, 1696, 9999, 10000, 100000, 123456, 1234567, 25000000, Number.MAX_SAFE_INTEGER];
    for (const lang of ['vi', 'en'] as const) {
      const intl = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 0 });
      for (const n of [...samples, ...Array.from({ length: 200 }, (_, k) => Math.floor(1.37 ** k))].filter(Number.isSafeInteger))
        expect(formatInteger(lang, n)).toBe(intl.format(n));
      for (const n of [-1696, -0, 1696.6, 0.4, Number.MAX_SAFE_INTEGER * 4]) expect(formatInteger(lang, n)).toBe(intl.format(n));
    }
  });

  it('shows percentages with one decimal and a dash for no data', () => {
    expect(formatPercent('vi', 98.25)).toBe('98,3 %');
    expect(formatPercent('vi', null)).toBe('—');
  });

  it('prints dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh whatever the machine zone', () => {
    // 17:05 UTC on 1 January is 00:05 on 2 January in Viet Nam (UTC+7).
    expect(formatDateTime(Date.UTC(2025, 0, 1, 17, 5))).toBe('02/01/2025 00:05');
    expect(formatDateTime(null)).toBe('—');
  });

  it('says outage lengths in words of the language', () => {
    expect(formatDuration('vi', 3 * 86_400_000 + 4 * 3_600_000)).toBe('3 ngày 4 giờ');
    expect(formatDuration('vi', 2 * 3_600_000 + 5 * 60_000)).toBe('2 giờ 5 phút');
    expect(formatDuration('en', 29_000)).toBe('0 min');
    // Rounded to the nearest minute, as the CSV export rounds it.
    expect(formatDuration('vi', 25 * 60_000 + 40_000)).toBe('26 phút');
  });
});
