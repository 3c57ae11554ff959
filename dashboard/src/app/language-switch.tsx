import { useI18n } from '../i18n/i18n-context.tsx';

/** Shows the other language's own name ("English" / "Tiếng Việt") and switches to it. */
export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <button type="button" className="language-switch" data-testid="language-switch" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')} lang={lang === 'vi' ? 'en' : 'vi'}>
      <span className="long">{t('nav.switchLanguage')}</span>
      <span className="short" aria-hidden="true">{t('nav.switchLanguageShort')}</span>
    </button>
  );
}
