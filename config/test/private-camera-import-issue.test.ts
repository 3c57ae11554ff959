import { describe, expect, it } from 'vitest';
import { importIssuePath, readImportIssuePath } from '../src/api/private-camera-import-issue.ts';

describe('import issue paths (hub writes, dashboard reads)', () => {
  it('reads back the line and column it wrote, a column with a comma or diacritics included', () => {
    for (const issue of [
      { line: 3, column: 'Hướng (độ)' },
      { line: 12, column: null },
      { line: 1, column: 'Tên, ghi chú' },
    ])
      expect(readImportIssuePath(importIssuePath(issue))).toEqual(issue);
    expect(importIssuePath({ line: 3, column: 'Vĩ độ' })).toBe('line 3, Vĩ độ');
  });

  it('gives null for a path of another kind', () => {
    expect(readImportIssuePath('/body/format')).toBeNull();
    expect(readImportIssuePath('line x')).toBeNull();
  });
});
