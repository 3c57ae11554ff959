import type { UptimeReport } from '@camwatch/config/api';
import { useMemo, useState } from 'react';
import { api } from '../api/endpoints.ts';
import { AsyncView } from '../common/async-view.tsx';
import { DateField } from '../common/date-field.tsx';
import { RANGE_PRESETS, presetRange } from '../common/local-date.ts';
import { useAsync } from '../common/use-async.ts';
import { formatDuration, formatInteger, formatPercent } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import { downloadText, toCsv } from './csv.ts';
import { viewRows, type UptimeSortKey, type UptimeView } from './uptime-rows.ts';

const COLUMNS: Array<{ key: UptimeSortKey; label: MessageKey; numeric: boolean }> = [
  { key: 'unitName', label: 'uptime.unit', numeric: false },
  { key: 'parentName', label: 'uptime.parent', numeric: false },
  { key: 'stations', label: 'uptime.stations', numeric: true },
  { key: 'cameras', label: 'uptime.cameras', numeric: true },
  { key: 'uptimePct', label: 'uptime.pct', numeric: true },
  { key: 'downMs', label: 'uptime.down', numeric: true },
  { key: 'outages', label: 'uptime.outages', numeric: true },
  { key: 'mttrMs', label: 'uptime.mttr', numeric: true },
];
const THRESHOLDS = [99, 95, 90, 80];

export function UptimePage() {
  const { t } = useI18n();
  const [range, setRange] = useState(() => presetRange('7d', Date.now()));
  const { from, to } = range;
  const [groupBy, setGroupBy] = useState<'commune' | 'district'>('commune');
  const [view, setView] = useState<UptimeView>({ filter: '', below: null, sortKey: 'uptimePct', descending: false });
  const [state, retry] = useAsync(() => api.uptime(from, to, groupBy), [from, to, groupBy]);

  return (
    <section className="list-page uptime-page">
      <h1>{t('uptime.title')}</h1>
      <div className="toolbar">
        <div className="tabs" role="group">
          {RANGE_PRESETS.map((p) => {
            const preset = presetRange(p, Date.now());
            const active = preset.from === from && preset.to === to;
            return (
              <button key={p} type="button" className={active ? 'active' : ''} aria-pressed={active} onClick={() => setRange(preset)}>
                {t(`uptime.preset.${p}`)}
              </button>
            );
          })}
        </div>
        <DateField
          label={t('uptime.from')}
          value={from}
          onChange={(v) => setRange({ from: v, to: v > to ? v : to })}
          testId="uptime-from"
        />
        <DateField label={t('uptime.to')} value={to} onChange={(v) => setRange({ from: v < from ? v : from, to: v })} testId="uptime-to" />
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
      <AsyncView state={state} retry={retry}>
        {(report) => <UptimeTable report={report} view={view} onView={setView} />}
      </AsyncView>
    </section>
  );
}

function UptimeTable({ report, view, onView }: { report: UptimeReport; view: UptimeView; onView(v: UptimeView): void }) {
  const { t, lang } = useI18n();
  const rows = useMemo(() => viewRows(report.rows, view), [report, view]);
  const sortBy = (key: UptimeSortKey) => onView({ ...view, sortKey: key, descending: view.sortKey === key ? !view.descending : false });
  const exportCsv = () => {
    const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 60_000));
    const csv = toCsv(
      [
        'unit_id',
        t('uptime.unit'),
        t('uptime.parent'),
        t('uptime.stations'),
        t('uptime.cameras'),
        t('uptime.pct'),
        `${t('uptime.down')} (min)`,
        t('uptime.outages'),
        `${t('uptime.mttr')} (min)`,
      ],
      rows.map((r) => [
        r.unitId,
        r.unitName,
        r.parentName,
        r.stations,
        r.cameras,
        r.uptimePct === null ? null : r.uptimePct.toFixed(2),
        minutes(r.downMs),
        r.outages,
        minutes(r.mttrMs),
      ]),
    );
    downloadText(`uptime-${report.groupBy}-${report.from}_${report.to}.csv`, csv);
  };
  return (
    <>
      <div className="toolbar">
        <span className="muted">{t('uptime.rows', { n: formatInteger(lang, rows.length) })}</span>
        <button type="button" className="primary" onClick={exportCsv} data-testid="uptime-export">
          {t('uptime.export')}
        </button>
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
              {rows.map((r) => (
                <tr key={r.unitId} data-unit-id={r.unitId}>
                  <td>{r.unitName}</td>
                  <td>{r.parentName ?? '—'}</td>
                  <td className="num">{formatInteger(lang, r.stations)}</td>
                  <td className="num">{formatInteger(lang, r.cameras)}</td>
                  <td
                    className={`num uptime-cell ${r.uptimePct === null ? '' : r.uptimePct >= 99 ? 'good' : r.uptimePct >= 90 ? 'fair' : 'poor'}`}
                  >
                    {formatPercent(lang, r.uptimePct)}
                  </td>
                  <td className="num">{formatDuration(lang, r.downMs)}</td>
                  <td className="num">{formatInteger(lang, r.outages)}</td>
                  <td className="num">{r.mttrMs === null ? '—' : formatDuration(lang, r.mttrMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
