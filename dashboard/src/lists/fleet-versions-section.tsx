import { api } from '../api/endpoints.ts';
import { hrefOf } from '../app/router.ts';
import { AsyncView } from '../common/async-view.tsx';
import { useAsync } from '../common/use-async.ts';
import { formatDateTime, formatInteger } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** Agent versions in the user's area: stations per version and the ones behind the newest (upgrade planning). */
export function FleetVersionsSection() {
  const { t, lang } = useI18n();
  const [state, retry] = useAsync(() => api.fleetVersions(), []);
  return (
    <section className="fleet-versions" data-testid="fleet-versions">
      <h2>{t('versions.title')}</h2>
      <AsyncView state={state} retry={retry}>
        {(v) => (
          <>
            <p className="muted">
              {t('versions.newest', { version: v.newestVersion ?? '–' })} ·{' '}
              {t('versions.unknown', { count: formatInteger(lang, v.unknown.length) })}
            </p>
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t('panel.agent')}</th>
                  <th className="num">{t('versions.stations')}</th>
                </tr>
              </thead>
              <tbody>
                {v.versions.map((x) => (
                  <tr key={x.version}>
                    <td>{x.version}</td>
                    <td className="num">{formatInteger(lang, x.stations)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {v.outdated.length > 0 ? (
              <>
                <h3>{t('versions.outdated', { count: formatInteger(lang, v.outdated.length) })}</h3>
                <ul>
                  {v.outdated.map((s) => (
                    <li key={s.stationId}>
                      <a href={hrefOf({ name: 'map', stationId: s.stationId })}>{s.name}</a> <code>{s.agentVersion}</code>{' '}
                      <small className="muted">{t('panel.since', { time: formatDateTime(s.agentVersionSince) })}</small>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
      </AsyncView>
    </section>
  );
}
