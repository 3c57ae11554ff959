import { UPTIME_MAX_RANGE_DAYS, type UptimeReport } from '@camwatch/config/api';
import { localDate } from '@camwatch/config/time';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/endpoints.ts';
import { useFleet } from '../app/fleet-context.tsx';
import { hrefOf } from '../app/router.ts';
import { useMe } from '../app/session-context.tsx';
import { describeError } from '../common/error-text.ts';
import { DateField } from '../common/date-field.tsx';
import { RANGE_PRESETS, presetRange, toDisplayDate } from '../common/local-date.ts';
import { useAsync } from '../common/use-async.ts';
import { formatDuration, formatInteger, formatPercent, wholeMinutes } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { downloadText, toCsv } from './csv.ts';
import { rangeProblem } from './uptime-range-check.ts';
import { noData, UPTIME_COLUMNS as COLUMNS, uptimeCsvTable, viewRows, type UptimeSortKey, type UptimeView } from './uptime-rows.ts';

const THRESHOLDS = [99, 95, 90, 80];

export function UptimePage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { units } = useFleet();
  // What the user asks for, and the last range that may be asked (the table keeps showing it while the new one is wrong).
  const [range, setRange] = useState(() => presetRange('7d', Date.now()));
  const [asked, setAsked] = useState(range);
  const [badDate, setBadDate] = useState<string | null>(null);
  const [groupBy, setGroupBy] = useState<'commune' | 'district'>('commune');
  const [view, setView] = useState<UptimeView>({ filter: '', below: null, sortKey: 'availabilityPct', descending: false });
  const { from, to } = range;
  const problem = rangeProblem(from, to);
  useEffect(() => {
    if (!rangeProblem(range.from, range.to)) setAsked(range);
  }, [range]);
  // A commune account has no district level inside its scope: say so instead of "no data".
  const scopeUnits = units.filter((u) => me.unitIds.includes(u.id));
  const communeScope = scopeUnits.length > 0 && scopeUnits.every((u) => COMMUNE_KINDS.has(u.kind));
  const outOfScope = groupBy === 'district' && communeScope;
  const [state, retry] = useAsync(
    () => (outOfScope ? Promise.resolve(null) : api.uptime(asked.from, asked.to, groupBy)),
    [asked.from, asked.to, groupBy, outOfScope],
  );
  // The last table that loaded stays on screen (with its range said) when a new one fails.
  const [lastGood, setLastGood] = useState<UptimeReport | null>(null);
  useEffect(() => {
    if (state.kind === 'ready' && state.value) setLastGood(state.value);
  }, [state]);
  const report = state.kind === 'ready' ? state.value : lastGood;
  const failure = state.kind === 'error' ? describeError(state.error, lang) : null;

  return (
    <section className="list-page uptime-page">
      <h1>{t('uptime.title')}</h1>
      <div className="toolbar">
        <div className="tabs" role="group" aria-label={t('uptime.presets')}>
          {RANGE_PRESETS.map((p) => {
            const preset = presetRange(p, Date.now());
            const active = preset.from === from && preset.to === to;
            return (
              <button
                key={p}
                type="button"
                className={active ? 'active' : ''}
                aria-pressed={active}
                onClick={() => {
                  setBadDate(null);
                  setRange(preset);
                }}
              >
                {t(`uptime.preset.${p}`)}
              </button>
            );
          })}
        </div>
        <DateField
          label={t('uptime.from')}
          value={from}
          onChange={(v) => setRange({ from: v, to: v > to ? v : to })}
          onInvalid={setBadDate}
          testId="uptime-from"
        />
        <DateField
          label={t('uptime.to')}
          value={to}
          onChange={(v) => setRange({ from: v < from ? v : from, to: v })}
          onInvalid={setBadDate}
          testId="uptime-to"
        />
        <label className="field">
          {t('uptime.groupBy')}
          <select
            value={groupBy}
            onChange={(e) => setGroupBy(e.target.value === 'district' ? 'district' : 'commune')}
            data-testid="uptime-group"
          >
            <option value="commune">{t('uptime.group.commune')}</option>
            <option value="district">{t('uptime.group.district')}</option>
          </select>
        </label>
        <label className="field">
          {t('uptime.filter')}
          <input
            type="search"
            value={view.filter}
            onChange={(e) => setView({ ...view, filter: e.target.value })}
            data-testid="uptime-filter"
          />
        </label>
        <label className="field">
          {t('uptime.below')}
          <select value={view.below ?? ''} onChange={(e) => setView({ ...view, below: e.target.value ? Number(e.target.value) : null })}>
            <option value="">—</option>
            {THRESHOLDS.map((p) => (
              <option key={p} value={p}>{`< ${p} %`}</option>
            ))}
          </select>
        </label>
      </div>
      <div data-testid="uptime-problems">
        {badDate ? (
          <p className="notice notice-warning" role="alert" data-problem="date">
            {t('uptime.badDate', { text: badDate })}
          </p>
        ) : null}
        {problem ? (
          <p className="notice notice-warning" role="alert" data-problem="range">
            {t('uptime.tooLong', { days: formatInteger(lang, problem.days), max: formatInteger(lang, UPTIME_MAX_RANGE_DAYS) })}
          </p>
        ) : null}
        {outOfScope ? (
          <p className="notice notice-warning" role="alert" data-problem="scope">
            {t('uptime.scopeLevel', { scope: scopeUnits.map((u) => u.name).join(', ') })}
          </p>
        ) : null}
        {failure ? (
          <p className="notice notice-error" role="alert" data-problem="request">
            {t('uptime.failedKept', { reason: failure.text })}{' '}
            {failure.retryable ? (
              <button type="button" className="link-button" onClick={retry}>
                {t('common.retry')}
              </button>
            ) : null}
          </p>
        ) : null}
      </div>
      {state.kind === 'loading' && !report ? <p className="muted">{t('common.loading')}</p> : null}
      {report && !outOfScope ? <UptimeTable report={report} view={view} onView={setView} /> : null}
    </section>
  );
}

const grade = (pct: number | null) => (pct === null ? '' : pct >= 99 ? 'good' : pct >= 90 ? 'fair' : 'poor');

/** Unit kinds at the commune level (no district inside them). */
const COMMUNE_KINDS = new Set<string>(['commune', 'ward', 'township', 'other']);

function UptimeTable({ report, view, onView }: { report: UptimeReport; view: UptimeView; onView(v: UptimeView): void }) {
  const { t, lang } = useI18n();
  const rows = useMemo(() => viewRows(report.rows, view), [report, view]);
  const sortBy = (key: UptimeSortKey) => onView({ ...view, sortKey: key, descending: view.sortKey === key ? !view.descending : false });
  const exportCsv = () => {
    const table = uptimeCsvTable(rows, t, wholeMinutes);
    downloadText(`uptime-${report.groupBy}-${report.from}_${report.to}.csv`, toCsv(table.header, table.body));
  };
  const empty = report.rows.filter(noData).length;
  const future = report.from > localDate(Date.now());
  return (
    <>
      <p className="muted" data-testid="uptime-shown-range" data-from={report.from} data-to={report.to}>
        {t('uptime.shownRange', { from: toDisplayDate(report.from), to: toDisplayDate(report.to) })}
      </p>
      {report.rows.length > 0 && empty === report.rows.length ? (
        <p className="notice notice-warning" data-testid="uptime-no-data">
          {future ? t('uptime.future') : t('uptime.empty')}
        </p>
      ) : empty > 0 ? (
        <p className="muted" data-testid="uptime-some-no-data">
          {t('uptime.noDataSome', { n: formatInteger(lang, empty) })}
        </p>
      ) : null}
      <div className="toolbar">
        <span className="muted">{t('uptime.rows', { n: formatInteger(lang, rows.length) })}</span>
        <button type="button" className="primary" onClick={exportCsv} data-testid="uptime-export">
          {t('uptime.export')}
        </button>
        <a href={hrefOf({ name: 'programme' })} data-testid="programme-page">
          {t('uptime.programmePage')}
        </a>
        {/* The programme's own report (as the police write it) for the month of the range's end: printable, and CSV. */}
        <a
          href={`/api/reports/programme.html?period=month&date=${report.to}&lang=${lang}`}
          target="_blank"
          rel="noopener"
          data-testid="programme-report"
        >
          {t('uptime.programme')}
        </a>
        <a href={`/api/reports/programme.csv?period=month&date=${report.to}&lang=${lang}`} data-testid="programme-csv">
          {t('uptime.programmeCsv')}
        </a>
      </div>
      {rows.length === 0 ? (
        <p className="muted">{t('uptime.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="uptime-table">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th
                    key={c.key}
                    className={c.numeric ? 'num' : ''}
                    aria-sort={view.sortKey === c.key ? (view.descending ? 'descending' : 'ascending') : 'none'}
                  >
                    <button type="button" onClick={() => sortBy(c.key)} data-sort={c.key}>
                      {t(c.label)} {view.sortKey === c.key ? (view.descending ? '▼' : '▲') : ''}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) =>
                noData(r) ? (
                  <tr key={r.unitId} data-unit-id={r.unitId} data-no-data="true">
                    <td>{r.unitName}</td>
                    <td>{r.parentName ?? '—'}</td>
                    <td className="num">{formatInteger(lang, r.stations)}</td>
                    <td className="num">{formatInteger(lang, r.cameras)}</td>
                    <td className="num no-data" colSpan={COLUMNS.length - 4}>
                      {r.cameras === 0 ? t('uptime.noCameras') : t('uptime.noDataRow')}
                    </td>
                  </tr>
                ) : (
                  <tr key={r.unitId} data-unit-id={r.unitId}>
                    <td>{r.unitName}</td>
                    <td>{r.parentName ?? '—'}</td>
                    <td className="num">{formatInteger(lang, r.stations)}</td>
                    <td className="num">{formatInteger(lang, r.cameras)}</td>
                    <td
                      className={`num uptime-cell ${grade(r.availabilityPct)}`}
                      data-col="availability"
                      data-cause={r.availabilityLossCause ?? undefined}
                    >
                      {formatPercent(lang, r.availabilityPct)}
                      {r.availabilityLossCause === 'station_unreachable' ? (
                        <span className="muted"> · {t('uptime.cause.station_unreachable')}</span>
                      ) : null}
                    </td>
                    <td className={`num uptime-cell ${grade(r.uptimePct)}`} data-col="reachable">
                      {formatPercent(lang, r.uptimePct)}
                    </td>
                    <td className="num" data-col="coverage">
                      {formatPercent(lang, r.coveragePct)}
                    </td>
                    <td className="num" data-col="down" data-minutes={wholeMinutes(r.downMs)}>
                      {formatDuration(lang, r.downMs)}
                    </td>
                    <td className="num">{formatInteger(lang, r.outages)}</td>
                    <td className="num">{r.mttrMs === null ? '—' : formatDuration(lang, r.mttrMs)}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
