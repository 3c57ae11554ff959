import { useState, type FormEvent } from 'react';
import { INVESTIGATION_ROUTE_PATTERN, type InvestigationQuery } from '@camwatch/config/api';
import { api } from '../api/endpoints.ts';
import { AsyncView } from '../common/async-view.tsx';
import { useAsync } from '../common/use-async.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { InvestigationResults } from './investigation-results.tsx';
import { PointPicker, type PickedPoint } from './point-picker.tsx';

const HOUR = 3_600_000;
/** The programme's time zone is UTC+7 all year (no DST): a datetime-local value is read in it, whatever the device says. */
const VN_OFFSET = '+07:00';
const toLocalInput = (ts: number) => new Date(ts + 7 * HOUR).toISOString().slice(0, 16);
const fromLocalInput = (v: string) => Date.parse(`${v}:00${VN_OFFSET}`);
const routeRe = new RegExp(INVESTIGATION_ROUTE_PATTERN);

/** "lat, lon; lat, lon" as typed (spaces allowed) to the API's form, or null when it is not one. */
function normaliseRoute(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  return routeRe.test(compact) ? compact : null;
}

const formatRoute = (points: PickedPoint[]) => points.map((p) => `${p.lat.toFixed(6)}, ${p.lon.toFixed(6)}`).join('; ');

/**
 * "Who could have seen it" for the police: a point (or a short route) picked on the map, typed,
 * or taken from the phone's location, and a time window; the answer lists the programme cameras
 * with their status over the window and snapshots either side, then the private cameras with
 * their owners, with links to the printable case-file list and the CSV.
 */
export function InvestigationPage() {
  const { t, lang } = useI18n();
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const [routeText, setRouteText] = useState('');
  const [from, setFrom] = useState(toLocalInput(now - 2 * HOUR));
  const [to, setTo] = useState(toLocalInput(now));
  const [problem, setProblem] = useState<string | null>(null);
  const [query, setQuery] = useState<InvestigationQuery | null>(null);
  const points = parsePoints(routeText);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const route = normaliseRoute(routeText);
    const a = fromLocalInput(from);
    const b = fromLocalInput(to);
    if (!route) return setProblem(t('inv.badRoute'));
    if (!(b > a)) return setProblem(t('inv.badWindow'));
    setProblem(null);
    setQuery({ route, from: a, to: b });
  };
  const useMyLocation = () =>
    navigator.geolocation?.getCurrentPosition((pos) =>
      setRouteText(formatRoute([{ lat: pos.coords.latitude, lon: pos.coords.longitude }])),
    );

  return (
    <section className="list-page investigation-page">
      <h1>{t('inv.title')}</h1>
      <p className="muted">{t('inv.intro')}</p>
      <form className="investigation-form" onSubmit={submit} aria-label={t('inv.title')}>
        <PointPicker points={points} onPick={(p) => setRouteText(formatRoute([...points, p]))} label={t('inv.mapLabel')} />
        <label className="field wide">
          {t('inv.route')}
          <input
            type="text"
            inputMode="decimal"
            value={routeText}
            onChange={(e) => setRouteText(e.target.value)}
            placeholder={t('inv.routeHint')}
            data-testid="inv-route"
          />
        </label>
        <div className="investigation-tools">
          <button type="button" className="link-button" onClick={useMyLocation}>
            {t('inv.myLocation')}
          </button>
          <button type="button" className="link-button" onClick={() => setRouteText('')}>
            {t('inv.clear')}
          </button>
        </div>
        <label className="field">
          {t('inv.from')}
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="inv-from" />
        </label>
        <label className="field">
          {t('inv.to')}
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} data-testid="inv-to" />
        </label>
        <button type="submit" className="primary" data-testid="inv-submit">
          {t('inv.submit')}
        </button>
        {problem ? (
          <p className="notice notice-error" role="alert">
            {problem}
          </p>
        ) : null}
      </form>
      {query ? <Answer query={{ ...query, lang }} /> : null}
    </section>
  );
}

function Answer({ query }: { query: InvestigationQuery }) {
  const { t } = useI18n();
  const [state, retry] = useAsync(() => api.investigation(query), [query.route, query.from, query.to]);
  return (
    <AsyncView state={state} retry={retry}>
      {(r) => (
        <>
          <p className="investigation-exports">
            <a className="button-link" href={api.investigationPrintUrl(query)} target="_blank" rel="noopener" data-testid="inv-print">
              {t('inv.print')}
            </a>{' '}
            <a className="button-link" href={api.investigationCsvUrl(query)} download data-testid="inv-csv">
              {t('inv.csv')}
            </a>
          </p>
          <InvestigationResults result={r} />
        </>
      )}
    </AsyncView>
  );
}

function parsePoints(text: string): PickedPoint[] {
  const route = normaliseRoute(text);
  if (!route) return [];
  return route.split(';').map((pair) => {
    const [lat, lon] = pair.split(',').map(Number) as [number, number];
    return { lat, lon };
  });
}
