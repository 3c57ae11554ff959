import type { Language } from '@camwatch/config/api';
import { en } from './en.ts';
import { vi, type Dictionary, type MessageKey } from './vi.ts';

export const DICTIONARIES: Record<Language, Dictionary> = { vi, en };

export type Params = Record<string, string | number>;

/** Looks `key` up and fills `{name}` placeholders; a missing parameter stays visible as `{name}`. */
export function translate(lang: Language, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export type Translate = (key: MessageKey, params?: Params) => string;
