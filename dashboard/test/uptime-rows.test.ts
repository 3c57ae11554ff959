import type { UptimeRow } from '@camwatch/config';
import { describe, expect, it } from 'vitest';
import { viewRows } from '../src/lists/uptime-rows.ts';

const row = (unitId: string, unitName: string, uptimePct: number | null, parentName = 'Cần Giuộc'): UptimeRow => ({
  unitId,
  unitName,
  kind: 'commune',
  parentId: 'D1',
  parentName,
  stations: 1,
  cameras: 2,
  uptimePct,
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
});
