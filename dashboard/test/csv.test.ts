import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../src/lists/csv.ts';

describe('CSV export', () => {
  it('quotes only fields that need it and doubles quotes', () => {
    expect(csvField('Mỹ Lộc')).toBe('Mỹ Lộc');
    expect(csvField('Cần Giuộc, Long An')).toBe('"Cần Giuộc, Long An"');
    expect(csvField('ấp "Bình Tâm"')).toBe('"ấp ""Bình Tâm"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(99.5)).toBe('99.5');
  });

  it('starts with a BOM and ends every record with CRLF', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        [1, 'x'],
        [2, null],
      ],
    );
    expect(csv).toBe('\uFEFFa,b\r\n1,x\r\n2,\r\n');
  });
});
