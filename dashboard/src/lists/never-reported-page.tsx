import { roleCan } from '@camwatch/config/api';
import { api } from '../api/endpoints.ts';
import { useMe } from '../app/session-context.tsx';
import { hrefOf } from '../app/router.ts';
import { AsyncView } from '../common/async-view.tsx';
import { useAsync } from '../common/use-async.ts';
import { useLiveTick } from '../common/use-live-tick.ts';
import { formatInteger } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { FleetVersionsSection } from './fleet-versions-section.tsx';

/** Stations in the inventory that never sent anything: not installed yet, or never configured. */
export function NeverReportedPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const tick = useLiveTick(10_000);
  const [state, retry] = useAsync(() => api.neverReported(), [tick]);
  return (
    <section className="list-page never-page">
      <h1>{t('never.title')}</h1>
      <AsyncView state={state} retry={retry}>
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted">{t('never.empty')}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" data-testid="never-table">
                <thead>
                  <tr>
                    <th>{t('common.station')}</th>
                    <th>{t('uptime.unit')}</th>
                    <th>{t('panel.address')}</th>
                    <th>{t('never.installed')}</th>
                    <th className="num">{t('uptime.cameras')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((s) => (
                    <tr key={s.stationId}>
                      <td>
                        <a href={hrefOf({ name: 'map', stationId: s.stationId })}>{s.name}</a>
                        <br />
                        <small className="muted">{s.stationId}</small>
                      </td>
                      <td>{s.unitName}</td>
                      <td>{s.address}</td>
                      <td>{s.installedAt.split('-').reverse().join('/')}</td>
                      <td className="num">{formatInteger(lang, s.cameras)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncView>
      {roleCan(me.role, 'fleet.versions') ? <FleetVersionsSection /> : null}
    </section>
  );
}
