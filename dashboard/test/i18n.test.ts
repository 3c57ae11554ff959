import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { translate } from '../src/i18n/translate.ts';
import { vi } from '../src/i18n/vi.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('have exactly the same keys in Vietnamese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it('have no empty text and the same placeholders in both languages', () => {
    for (const key of Object.keys(vi) as Array<keyof typeof vi>) {
      expect(vi[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });

  it('write Vietnamese with its diacritics, in NFC', () => {
    expect(vi['status.down']).toBe('Không hoạt động');
    expect(vi['liveness.never']).toBe('Chưa từng báo cáo');
    expect(vi['app.title']).toBe('Giám sát camera an ninh, trật tự');
    for (const text of Object.values(vi)) expect(text).toBe(text.normalize('NFC'));
    // Most Vietnamese phrases carry at least one accented letter; an all-ASCII dictionary would be a stripped copy.
    const accented = Object.values(vi).filter((text) => /[^ -~]/.test(text)).length;
    expect(accented / Object.keys(vi).length).toBeGreaterThan(0.8);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('vi', 'map.summary', { stations: '670', cameras: '1.696' })).toBe('670 trạm · 1.696 camera');
    expect(translate('en', 'map.summary', { stations: 670 })).toBe('670 stations · {cameras} cameras');
  });
});
