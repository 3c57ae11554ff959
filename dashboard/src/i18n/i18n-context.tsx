import type { Language } from '@camwatch/config/api';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LANGUAGE_STORAGE_KEY as STORAGE_KEY, storedLanguage } from './stored-language.ts';
import { translate, type Translate } from './translate.ts';

interface I18n {
  lang: Language;
  t: Translate;
  /** `remember: false` follows the account's preference without making it this device's choice. */
  setLang(lang: Language, remember?: boolean): void;
  /** The user picked a language on this device (it wins over the account's preference). */
  chosenHere: boolean;
}

const I18nContext = createContext<I18n | null>(null);

/** Vietnamese unless the user picked English on this device (remembered in localStorage). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(storedLanguage);
  const [chosenHere, setChosenHere] = useState(() => localStorage.getItem(STORAGE_KEY) !== null);
  const setLang = useCallback((next: Language, remember = true) => {
    if (remember) {
      localStorage.setItem(STORAGE_KEY, next);
      setChosenHere(true);
    }
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({ lang, setLang, chosenHere, t: (key, params) => translate(lang, key, params) }),
    [lang, setLang, chosenHere],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
