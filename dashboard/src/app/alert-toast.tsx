import { useEffect, useState } from 'react';
import type { AlertNotice } from '@camwatch/config/mqtt';
import { alertDisplayText } from '../common/alert-text.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFleet } from './fleet-context.tsx';

/** A new alert from the live stream shows for 8 s, with a link to the alerts list, in the row under the top bar (it covers nothing). */
export function AlertToast() {
  const { t, lang } = useI18n();
  const { lastAlert } = useFleet();
  const [shown, setShown] = useState<AlertNotice | null>(null);
  useEffect(() => {
    if (!lastAlert || lastAlert.state !== 'open') return;
    setShown(lastAlert);
    const timer = setTimeout(() => setShown(null), 8000);
    return () => clearTimeout(timer);
  }, [lastAlert]);
  if (!shown) return null;
  return (
    <div className={`toast severity-${shown.severity}`} role="alert" data-testid="alert-toast">
      <a href="#/alerts">{t('alerts.new', { message: alertDisplayText(shown, lang) })}</a>
      <button type="button" className="link-button" onClick={() => setShown(null)} aria-label={t('panel.close')}>
        ×
      </button>
    </div>
  );
}
