import type { Language } from '@camwatch/config/api';

export const LANGUAGE_STORAGE_KEY = 'camwatch.language';

/** Vietnamese unless the user picked English on this device (read by the boot map before React, and by I18nProvider). */
export function storedLanguage(): Language {
  return localStorage.getItem(LANGUAGE_STORAGE_KEY) === 'en' ? 'en' : 'vi';
}
