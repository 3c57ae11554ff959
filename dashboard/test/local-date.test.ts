import { describe, expect, it } from 'vitest';
import { parseDisplayDate, presetRange, toDisplayDate } from '../src/common/local-date.ts';

describe('dd/MM/yyyy dates', () => {
  it('round-trips and accepts the short forms people type', () => {
    expect(toDisplayDate('2025-07-01')).toBe('01/07/2025');
    expect(parseDisplayDate('01/07/2025')).toBe('2025-07-01');
    expect(parseDisplayDate('1/7/2025')).toBe('2025-07-01');
    expect(parseDisplayDate('29/02/2024')).toBe('2024-02-29');
  });

  it('refuses dates that do not exist and other formats', () => {
    expect(parseDisplayDate('29/02/2025')).toBeNull();
    expect(parseDisplayDate('31/04/2025')).toBeNull();
    expect(parseDisplayDate('2025-07-01')).toBeNull();
    expect(parseDisplayDate('')).toBeNull();
  });

  it('computes report ranges on the Viet Nam calendar', () => {
    // 18:00 UTC on 31 March is already 1 April in Viet Nam.
    const now = Date.UTC(2025, 2, 31, 18, 0);
    expect(presetRange('thisMonth', now)).toEqual({ from: '2025-04-01', to: '2025-04-01' });
    expect(presetRange('lastMonth', now)).toEqual({ from: '2025-03-01', to: '2025-03-31' });
    expect(presetRange('7d', now)).toEqual({ from: '2025-03-26', to: '2025-04-01' });
    expect(presetRange('lastMonth', Date.UTC(2025, 0, 15))).toEqual({ from: '2024-12-01', to: '2024-12-31' });
  });
});
