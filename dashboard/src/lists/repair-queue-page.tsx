import { api } from '../api/endpoints.ts';
import { hrefOf } from '../app/router.ts';
import { AsyncView } from '../common/async-view.tsx';
import { useAsync } from '../common/use-async.ts';
import { formatDateTime, formatDuration, formatInteger } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { StatusIcon } from '../map/status-icon.tsx';
import { useLiveTick } from '../common/use-live-tick.ts';

/** Down cameras, longest outage first, with where they are and the last picture that was fine. */
export function RepairQueuePage() {
  const { t, lang } = useI18n();
  const tick = useLiveTick();
  const [state, retry] = useAsync(() => api.repairQueue(), [tick]);
  const now = Date.now();
  return (
    <section className="list-page repair-page">
      <h1>{t('repair.title')}</h1>
      <AsyncView state={state} retry={retry}>
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted">{t('repair.empty')}</p>
          ) : (
            <>
              <p className="muted">{t('repair.count', { n: formatInteger(lang, items.length) })}</p>
              <ol className="repair-list" data-testid="repair-list">
                {items.map((item) => (
                  <li key={item.cameraId} className="repair-item" data-camera-id={item.cameraId}>
                    {item.lastGoodSnapshot ? (
                      <img
                        src={item.lastGoodSnapshot.url}
                        alt={t('repair.lastGood')}
                        title={`${t('repair.lastGood')} · ${formatDateTime(item.lastGoodSnapshot.takenAt)}`}
                        width={160}
                        height={Math.round((160 * item.lastGoodSnapshot.height) / item.lastGoodSnapshot.width)}
                        loading="lazy"
                      />
                    ) : (
                      <div className="no-snapshot muted">{t('panel.noSnapshot')}</div>
                    )}
                    <div className="repair-text">
                      <h3>
                        <StatusIcon status={item.status} size={16} title={t(`status.${item.status}`)} /> {item.cameraId}
                      </h3>
                      <p>
                        <strong>
                          {t('repair.outage')}: {formatDuration(lang, now - item.since)}
                        </strong>{' '}
                        · {t('panel.since', { time: formatDateTime(item.since) })}
                      </p>
                      <p>{item.cause ? t(`cause.${item.cause}`) : t(`status.${item.status}`)}</p>
                      <p>
                        {item.stationName} · {item.unitName}
                        {item.districtName ? `, ${item.districtName}` : ''}
                      </p>
                      <p className="muted">{item.address}</p>
                      <a href={hrefOf({ name: 'map', stationId: item.stationId })}>{t('panel.showOnMap')}</a>
                    </div>
                  </li>
                ))}
              </ol>
            </>
          )
        }
      </AsyncView>
    </section>
  );
}
