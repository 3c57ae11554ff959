import { describe, expect, it } from 'vitest';
import { customRange, dayRange, localDays, monthRange, resolveRange, UptimeQueryError, weekRange } from '../src/uptime/uptime-range.ts';

const iso = (ts: number) => new Date(ts).toISOString();

describe('uptime ranges in Asia/Ho_Chi_Minh', () => {
  it('starts a local day at 17:00 UTC the day before', () => {
    const d = dayRange('2025-03-10');
    expect([iso(d.from), iso(d.to)]).toEqual(['2025-03-09T17:00:00.000Z', '2025-03-10T17:00:00.000Z']);
  });

  it('runs a week from Monday to Sunday', () => {
    // 12 March 2025 is a Wednesday; its week starts Monday 10 March local
    const w = weekRange('2025-03-12');
    expect([iso(w.from), iso(w.to)]).toEqual(['2025-03-09T17:00:00.000Z', '2025-03-16T17:00:00.000Z']);
    expect(weekRange('2025-03-16')).toEqual(w); // Sunday belongs to the same week
    expect(weekRange('2025-03-10')).toEqual(w);
  });

  it('covers calendar months, leap years and the year end', () => {
    const feb = monthRange('2024-02');
    expect((feb.to - feb.from) / 86_400_000).toBe(29);
    const dec = monthRange('2025-12');
    expect(iso(dec.to)).toBe('2025-12-31T17:00:00.000Z');
  });

  it('refuses impossible dates and backwards or overlong ranges', () => {
    expect(() => dayRange('2025-02-30')).toThrow(UptimeQueryError);
    expect(() => monthRange('2025-13')).toThrow(UptimeQueryError);
    expect(() => customRange(10, 10)).toThrow(UptimeQueryError);
    expect(() => customRange(0, 401 * 86_400_000)).toThrow(UptimeQueryError);
    expect(() => resolveRange({ period: 'month' })).toThrow(/needs month/);
  });

  it('resolves the API query to the same ranges', () => {
    expect(resolveRange({ period: 'day', date: '2025-03-10' })).toEqual(dayRange('2025-03-10'));
    expect(resolveRange({ period: 'custom', from: 5, to: 9 })).toEqual({ from: 5, to: 9 });
  });

  it('splits a range into local days clipped to it', () => {
    // 10 Mar 20:00 → 11 Mar 03:00 local: 4 h on the 10th, 3 h on the 11th
    const days = localDays({ from: Date.parse('2025-03-10T20:00:00+07:00'), to: Date.parse('2025-03-11T03:00:00+07:00') });
    expect(days.map((d) => [d.date, (d.to - d.from) / 3_600_000])).toEqual([
      ['2025-03-10', 4],
      ['2025-03-11', 3],
    ]);
  });
});
