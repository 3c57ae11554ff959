import type { RoadCoverage } from '@camwatch/config/api';
import { api } from '../api/endpoints.ts';
import { AsyncView } from '../common/async-view.tsx';
import { useAsync } from '../common/use-async.ts';
import { formatDecimal, formatInteger, formatPercent } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

const share = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : null);

/** Roads of the user's area with the km seen by working programme cameras, by any camera, and the gaps. */
export function CoveragePage() {
  const { t } = useI18n();
  const [state, retry] = useAsync(() => api.roadCoverage(), []);
  return (
    <section className="list-page coverage-page">
      <h1>{t('coverage.title')}</h1>
      <AsyncView state={state} retry={retry}>
        {(r) => (
          <>
            <p className="muted">
              {t('coverage.intro', { segment: r.segmentM })}{' '}
              {t('coverage.cameras', { programme: r.programmeCameras, private: r.privateCameras })}
            </p>
            {r.roads.length === 0 ? (
              <p className="muted">{t('coverage.empty')}</p>
            ) : (
              <>
                <RoadTable title={t('coverage.mainRoads')} roads={r.roads.filter((x) => x.kind === 'main')} testId="coverage-main" />
                <RoadTable title={t('coverage.localRoads')} roads={r.roads.filter((x) => x.kind !== 'main')} testId="coverage-local" />
              </>
            )}
          </>
        )}
      </AsyncView>
    </section>
  );
}

function RoadTable({ title, roads, testId }: { title: string; roads: RoadCoverage[]; testId: string }) {
  const { t, lang } = useI18n();
  if (roads.length === 0) return null;
  const km = (n: number) => formatDecimal(lang, n);
  return (
    <>
      <h2>{title}</h2>
      <div className="table-scroll">
        <table className="data-table coverage-table" data-testid={testId}>
          <thead>
            <tr>
              <th>{t('coverage.road')}</th>
              <th className="num">{t('coverage.length')}</th>
              <th className="num">{t('coverage.working')}</th>
              <th className="num">{t('coverage.any')}</th>
              <th>{t('coverage.gaps')}</th>
            </tr>
          </thead>
          <tbody>
            {roads.map((r) => (
              <tr key={r.id} data-road={r.id}>
                <td className="road-name">
                  {r.name}
                  {r.name !== r.code ? <small className="muted"> {r.code}</small> : null}
                </td>
                <td className="num" data-label={t('coverage.length')}>
                  {km(r.lengthKm)}
                </td>
                <td className="num" data-label={t('coverage.workingShort')}>
                  {km(r.workingKm)} <small className="muted">({formatPercent(lang, share(r.workingKm, r.lengthKm))})</small>
                </td>
                <td className="num" data-label={t('coverage.anyShort')}>
                  {km(r.anyKm)} <small className="muted">({formatPercent(lang, share(r.anyKm, r.lengthKm))})</small>
                </td>
                <td className="road-gaps">
                  {r.gaps.length === 0 ? (
                    '–'
                  ) : (
                    <details>
                      <summary>
                        {t('coverage.showGaps', { count: formatInteger(lang, r.gaps.length), longest: km(r.gaps[0]!.lengthKm) })}
                      </summary>
                      <ul className="gap-list">
                        {r.gaps.map((g) => (
                          <li key={g.fromKm}>{t('coverage.gapRow', { from: km(g.fromKm), to: km(g.toKm), length: km(g.lengthKm) })}</li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
