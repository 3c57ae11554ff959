import { ALERT_FILTERS, type AlertItem, roleCan } from '@camwatch/config/api';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/endpoints.ts';
import { hrefOf } from '../app/router.ts';
import { useMe } from '../app/session-context.tsx';
import { AsyncView } from '../common/async-view.tsx';
import { useAsync } from '../common/use-async.ts';
import { useLiveTick } from '../common/use-live-tick.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { alertDisplayText } from '../common/alert-text.ts';

type Filter = (typeof ALERT_FILTERS)[number];

export function AlertsPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Filter>('open');
  const tick = useLiveTick();
  const [state, retry] = useAsync(() => api.alerts(filter), [filter, tick]);
  // After an acknowledge the row leaves the list: the keyboard goes on to the row that took its place, not to the page body.
  const focusRow = useRef<number | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const index = focusRow.current;
    if (index === null || state.kind !== 'ready') return;
    focusRow.current = null;
    const rows = document.querySelectorAll<HTMLElement>('.alert-list .alert-item');
    const row = rows[Math.min(index, rows.length - 1)];
    const target = row?.querySelector<HTMLElement>('input, button, a') ?? heading.current;
    target?.focus();
  }, [state]);
  const acked = (index: number) => {
    focusRow.current = index;
    retry();
  };
  return (
    <section className="list-page alerts-page">
      <h1 ref={heading} tabIndex={-1}>
        {t('alerts.title')}
      </h1>
      <div className="toolbar tabs" role="tablist">
        {ALERT_FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            role="tab"
            aria-selected={f === filter}
            className={f === filter ? 'active' : ''}
            onClick={() => setFilter(f)}
            data-filter={f}
          >
            {t(`alerts.filter.${f}`)}
          </button>
        ))}
      </div>
      <AsyncView state={state} retry={retry}>
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted">{t('alerts.empty')}</p>
          ) : (
            <ol className="alert-list" data-testid="alert-list">
              {items.map((a, index) => (
                <AlertRow key={a.alertId} alert={a} onChanged={() => acked(index)} />
              ))}
            </ol>
          )
        }
      </AsyncView>
    </section>
  );
}

function AlertRow({ alert, onChanged }: { alert: AlertItem; onChanged(): void }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ack = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.ackAlert(alert.alertId, comment.trim());
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className={`alert-item severity-${alert.severity} state-${alert.state}`} data-alert-id={alert.alertId} data-state={alert.state}>
      <div className="alert-head">
        <span className={`severity-badge severity-${alert.severity}`}>{t(`severity.${alert.severity}`)}</span>
        <time>{formatDateTime(alert.openedAt)}</time>
        <span className="alert-state">{t(`alerts.filter.${alert.state}`)}</span>
      </div>
      <p className="alert-message">{alertDisplayText(alert, lang)}</p>
      <p className="muted">
        <a href={hrefOf({ name: 'map', stationId: alert.stationId })}>{alert.stationName}</a>
        {alert.cameraId ? ` · ${alert.cameraId}` : ''} · {alert.unitName}
      </p>
      {alert.acknowledgedBy ? (
        <p className="muted">
          {t('alerts.ackedBy', { name: alert.acknowledgedBy, time: formatDateTime(alert.acknowledgedAt) })}
          {alert.comment ? ` — ${alert.comment}` : ''}
        </p>
      ) : null}
      {alert.resolvedAt ? <p className="muted">{t('alerts.resolvedAt', { time: formatDateTime(alert.resolvedAt) })}</p> : null}
      {alert.state === 'open' && roleCan(me.role, 'alert.ack') ? (
        <div className="ack-form">
          <input
            type="text"
            value={comment}
            maxLength={512}
            placeholder={t('alerts.comment')}
            aria-label={t('alerts.comment')}
            onChange={(e) => setComment(e.target.value)}
          />
          <button type="button" className="primary" disabled={busy} onClick={() => void ack()} data-testid="alert-ack">
            {t('alerts.ack')}
          </button>
        </div>
      ) : null}
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}
