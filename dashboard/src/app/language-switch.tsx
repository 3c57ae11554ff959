import type { Language } from '@camwatch/config/api';
import { useI18n } from '../i18n/i18n-context.tsx';

/** Shows the other language's own name ("English" / "Tiếng Việt") and switches to it. */
export function LanguageSwitch({ onSwitched }: { onSwitched?: (lang: Language) => void }) {
  const { t, lang, setLang } = useI18n();
  const other: Language = lang === 'vi' ? 'en' : 'vi';
  return (
    <button
      type="button"
      className="language-switch"
      data-testid="language-switch"
      onClick={() => {
        setLang(other);
        onSwitched?.(other);
      }}
      lang={other}
    >
      <span className="long">{t('nav.switchLanguage')}</span>
      <span className="short" aria-hidden="true">
        {t('nav.switchLanguageShort')}
      </span>
    </button>
  );
}
