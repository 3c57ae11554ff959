import type { UptimeRow } from '@camwatch/config';
import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { noData, UPTIME_COLUMNS, uptimeCsvTable, viewRows } from '../src/lists/uptime-rows.ts';

const row = (unitId: string, unitName: string, uptimePct: number | null, parentName = 'Cần Giuộc'): UptimeRow => ({
  unitId,
  unitName,
  kind: 'commune',
  parentId: 'D1',
  parentName,
  stations: 1,
  cameras: 2,
  uptimePct,
  availabilityPct: uptimePct,
  coveragePct: uptimePct === null ? null : 100,
  unreachableMs: 0,
  availabilityLossCause: null,
  observedMs: 1,
  downMs: 0,
  outages: 0,
  mttrMs: null,
});
const rows = [
  row('A', 'Mỹ Lộc', 99.9),
  row('B', 'Phước Lợi', 91, 'Bến Lức'),
  row('C', 'Đức Hòa Hạ', null, 'Đức Hòa'),
  row('D', 'An Thạnh', 72.5, 'Bến Lức'),
];
const base = { filter: '', below: null, sortKey: 'uptimePct' as const, descending: false };
/** A commune whose only station was dark for 7 of 30 days: its camera never failed while reachable. */
const dark: UptimeRow = {
  ...row('E', 'Long Hựu Đông', 100),
  availabilityPct: (23 / 30) * 100,
  coveragePct: 100,
  unreachableMs: 7 * 86_400_000,
  availabilityLossCause: 'station_unreachable',
};

describe('uptime table view', () => {
  it('sorts ascending with units that have no data last', () => {
    expect(viewRows(rows, base).map((r) => r.unitId)).toEqual(['D', 'B', 'A', 'C']);
    expect(viewRows(rows, { ...base, descending: true }).map((r) => r.unitId)).toEqual(['A', 'B', 'D', 'C']);
  });

  it('filters by name or district without needing diacritics', () => {
    expect(viewRows(rows, { ...base, filter: 'duc hoa' }).map((r) => r.unitId)).toEqual(['C']);
    expect(viewRows(rows, { ...base, filter: 'BẾN LỨC' }).map((r) => r.unitId)).toEqual(['D', 'B']);
  });

  it('keeps only units below a threshold (no data is not below)', () => {
    expect(viewRows(rows, { ...base, below: 95 }).map((r) => r.unitId)).toEqual(['D', 'B']);
  });

  it('sorts names in Vietnamese order', () => {
    expect(viewRows(rows, { ...base, sortKey: 'unitName' }).map((r) => r.unitName)).toEqual([
      'An Thạnh',
      'Đức Hòa Hạ',
      'Mỹ Lộc',
      'Phước Lợi',
    ]);
  });

  it('shows availability, uptime while reachable and data coverage as columns, availability first', () => {
    const keys = UPTIME_COLUMNS.map((c) => c.key);
    expect(keys.indexOf('availabilityPct')).toBeGreaterThan(-1);
    expect(keys.indexOf('availabilityPct')).toBeLessThan(keys.indexOf('uptimePct'));
    expect(keys.indexOf('uptimePct')).toBeLessThan(keys.indexOf('coveragePct'));
    expect(UPTIME_COLUMNS.map((c) => en[c.label])).toEqual(
      expect.arrayContaining(['Availability (%)', 'Uptime while reachable (%)', 'Data coverage (%)']),
    );
  });

  it('a dark station is below the threshold by availability, not hidden as no data, and exports its cause', () => {
    const all = [...rows, dark];
    expect(noData(dark)).toBe(false);
    expect(noData({ ...dark, observedMs: 0 })).toBe(false); // dark all period: still known, 0 % available
    expect(viewRows(all, { ...base, below: 80 }).map((r) => r.unitId)).toEqual(['D', 'E']);
    const csv = uptimeCsvTable(
      [dark],
      (k) => en[k],
      (ms) => Math.round(ms / 60_000),
    );
    const col = (name: string) => csv.body[0]![csv.header.indexOf(name)];
    expect(col('Availability (%)')).toBe('76.67');
    expect(col('Uptime while reachable (%)')).toBe('100.00');
    expect(col('Data coverage (%)')).toBe('100.00');
    expect(col('Main cause')).toBe('station unreachable');
    expect(col('Station unreachable (min)')).toBe(7 * 24 * 60);
  });
});
