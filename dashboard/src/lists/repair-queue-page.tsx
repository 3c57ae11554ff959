import type { RepairItem } from '@camwatch/config/api';
import { repairGroupOfItem } from '@camwatch/config/domain';
import { api } from '../api/endpoints.ts';
import { hrefOf } from '../app/router.ts';
import { AsyncView } from '../common/async-view.tsx';
import { useAsync } from '../common/use-async.ts';
import { formatDateTime, formatDuration, formatInteger } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { StatusIcon } from '../map/status-icon.tsx';
import { useLiveTick } from '../common/use-live-tick.ts';
import { OpenWorkOrderButton } from '../work-orders/open-work-order-button.tsx';

interface StationOutage {
  first: RepairItem;
  cameraIds: string[];
}

/** Offline stations, one entry each (longest first), from the queue's per-camera items. */
function stationOutages(items: RepairItem[]): StationOutage[] {
  const byStation = new Map<string, StationOutage>();
  for (const item of items) {
    const entry = byStation.get(item.stationId);
    if (entry) entry.cameraIds.push(item.cameraId);
    else byStation.set(item.stationId, { first: item, cameraIds: [item.cameraId] });
  }
  return [...byStation.values()].sort((a, b) => a.first.since - b.first.since);
}

/**
 * Broken cameras (longest outage first, with where they are and the last picture that was
 * fine), then offline stations as their own group: one visit each, however many cameras.
 * Which group an item is in, and so the count, is config's repairGroup: the map's ✖ counts the same.
 */
export function RepairQueuePage() {
  const { t, lang } = useI18n();
  const tick = useLiveTick();
  const [state, retry] = useAsync(() => api.repairQueue(), [tick]);
  const now = Date.now();
  return (
    <section className="list-page repair-page">
      <h1>{t('repair.title')}</h1>
      <AsyncView state={state} retry={retry}>
        {({ items }) => {
          const cameras = items.filter((i) => repairGroupOfItem(i) === 'camera');
          const stations = stationOutages(items.filter((i) => repairGroupOfItem(i) === 'station'));
          return (
            <>
              <h2 className="group-title" data-testid="repair-camera-count" data-count={cameras.length}>
                {cameras.length === 0 ? t('repair.empty') : t('repair.count', { n: formatInteger(lang, cameras.length) })}
              </h2>
              {cameras.length > 0 ? (
                <ol className="repair-list" data-testid="repair-list">
                  {cameras.map((item) => (
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
                        <a href={hrefOf({ name: 'map', stationId: item.stationId })}>{t('panel.showOnMap')}</a>{' '}
                        <OpenWorkOrderButton stationId={item.stationId} cameraId={item.cameraId} />
                      </div>
                    </li>
                  ))}
                </ol>
              ) : null}
              <h2 className="group-title" data-testid="repair-station-count" data-count={stations.length}>
                {stations.length === 0 ? t('repair.stationsEmpty') : t('repair.stationsCount', { n: formatInteger(lang, stations.length) })}
              </h2>
              {stations.length > 0 ? (
                <ol className="repair-list" data-testid="repair-station-list">
                  {stations.map(({ first, cameraIds }) => (
                    <li key={first.stationId} className="repair-item station-outage" data-station-id={first.stationId}>
                      <div className="no-snapshot muted">{t('liveness.offline')}</div>
                      <div className="repair-text">
                        <h3>
                          <StatusIcon status="unknown" size={16} title={t('liveness.offline')} /> {first.stationName}
                        </h3>
                        <p>
                          <strong>
                            {t('repair.stationDark')}: {formatDuration(lang, now - first.since)}
                          </strong>{' '}
                          · {t('panel.since', { time: formatDateTime(first.since) })}
                        </p>
                        <p>{t('repair.stationCameras', { n: formatInteger(lang, cameraIds.length), ids: cameraIds.join(', ') })}</p>
                        <p>
                          {first.stationId} · {first.unitName}
                          {first.districtName ? `, ${first.districtName}` : ''}
                        </p>
                        <p className="muted">{first.address}</p>
                        <a href={hrefOf({ name: 'map', stationId: first.stationId })}>{t('panel.showOnMap')}</a>{' '}
                        <OpenWorkOrderButton stationId={first.stationId} cameraId={null} />
                      </div>
                    </li>
                  ))}
                </ol>
              ) : null}
            </>
          );
        }}
      </AsyncView>
    </section>
  );
}
