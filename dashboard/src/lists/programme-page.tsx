import { PROGRAMME_PERIODS, type ProgrammeFigures, type ProgrammePeriod, type ProgrammeReport } from '@camwatch/config/api';
import { CONNECTED_PRIVATE_LABELS, PROGRAMME_LABELS, roadRowLabel } from '@camwatch/config/domain';
import { localDate } from '@camwatch/config/time';
import { useState } from 'react';
import { api } from '../api/endpoints.ts';
import { useFleet } from '../app/fleet-context.tsx';
import { AsyncView } from '../common/async-view.tsx';
import { DateField } from '../common/date-field.tsx';
import { toDisplayDate } from '../common/local-date.ts';
import { useAsync } from '../common/use-async.ts';
import { formatDecimal, formatInteger } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * The programme's own report, as the police write it (the same figures as its printable page
 * and CSV): a month, quarter or year, for the top of the user's area or any unit in it, down
 * the unit tree at any depth, then the priority roads and the border units.
 */
export function ProgrammePage() {
  const { t, lang } = useI18n();
  const { units } = useFleet();
  const [period, setPeriod] = useState<ProgrammePeriod>('month');
  const [date, setDate] = useState(() => localDate(Date.now()));
  const [unitId, setUnitId] = useState('');
  const query = { period, date, ...(unitId ? { unitId } : {}) };
  const [state, retry] = useAsync(() => api.programmeReport(query), [period, date, unitId]);
  const L = PROGRAMME_LABELS[lang];
  const parents = units.filter((u) => u.inScope && units.some((c) => c.parentId === u.id));
  const exportQuery = new URLSearchParams({ ...query, lang }).toString();

  return (
    <section className="list-page programme-page">
      <h1>{t('programme.title')}</h1>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          {t('programme.period')}
          <select value={period} onChange={(e) => setPeriod(e.target.value as ProgrammePeriod)} data-testid="programme-period">
            {PROGRAMME_PERIODS.map((p) => (
              <option key={p} value={p}>
                {L.period[p]}
              </option>
            ))}
          </select>
        </label>
        <DateField label={t('programme.date')} value={date} onChange={setDate} testId="programme-date" />
        <label className="field">
          {t('programme.unit')}
          <select value={unitId} onChange={(e) => setUnitId(e.target.value)} data-testid="programme-unit">
            <option value="">{t('programme.myArea')}</option>
            {parents.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <a
          className="button-link"
          href={`/api/reports/programme.html?${exportQuery}`}
          target="_blank"
          rel="noopener"
          data-testid="programme-print"
        >
          {t('programme.print')}
        </a>
        <a className="button-link" href={`/api/reports/programme.csv?${exportQuery}`} download data-testid="programme-csv">
          {t('programme.csv')}
        </a>
      </form>
      <AsyncView state={state} retry={retry}>
        {(r) => <ProgrammeTables report={r} />}
      </AsyncView>
    </section>
  );
}

function ProgrammeTables({ report: r }: { report: ProgrammeReport }) {
  const { t, lang } = useI18n();
  const L = PROGRAMME_LABELS[lang];
  const P = CONNECTED_PRIVATE_LABELS[lang];
  const pct = (v: number | null) => (v === null ? '–' : formatDecimal(lang, Math.round(v * 10) / 10));
  const n = (v: number) => formatInteger(lang, v);
  const cells = (f: ProgrammeFigures) => (
    <>
      <td className="num">{`${n(f.unitsWithStations)}/${n(f.leafUnits)}`}</td>
      <td className="num">{n(f.stations)}</td>
      <td className="num">{n(f.cameras)}</td>
      <td className="num">{n(f.camerasWorking)}</td>
      <td className="num">{pct(f.availabilityPct)}</td>
      <td className="num">{pct(f.uptimePct)}</td>
      <td className="num">{n(f.camerasAdded)}</td>
      <td className="num">{n(f.camerasRetired)}</td>
      <td className="num">{n(f.ordersOpened)}</td>
      <td className="num">{n(f.ordersClosed)}</td>
      <td className="num">{f.mttrMs === null ? '–' : formatDecimal(lang, Math.round(f.mttrMs / 360_000) / 10)}</td>
    </>
  );
  const head = (first: string) => (
    <thead>
      <tr>
        {[
          first,
          L.withCamera,
          L.stations,
          L.cameras,
          L.working,
          L.availability,
          L.uptime,
          L.added,
          L.retired,
          L.opened,
          L.closed,
          L.mttrH,
        ].map((h, i) => (
          <th key={h} className={i === 0 ? '' : 'num'}>
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
  return (
    <>
      <p className="muted" data-testid="programme-range" data-from={r.from} data-to={r.to}>
        {r.unitName} · {toDisplayDate(r.from)} – {toDisplayDate(r.to)}
      </p>
      <h2 className="group-title">{L.byUnit}</h2>
      <div className="table-scroll" role="region" aria-label={L.byUnit} tabIndex={0}>
        <table className="data-table" data-testid="programme-units">
          {head(L.name)}
          <tbody>
            {r.units.map((u) => (
              <tr key={u.unitId} data-unit={u.unitId} className={u.depth === 0 ? 'total' : ''}>
                <td style={{ paddingLeft: `${10 + u.depth * 14}px` }}>
                  {u.unitName}
                  {u.border ? <span className="muted"> · {t('programme.borderUnit')}</span> : null}
                </td>
                {cells(u)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 className="group-title">
        {L.byRoad} · {L.border}
      </h2>
      <div className="table-scroll" role="region" aria-label={`${L.byRoad} · ${L.border}`} tabIndex={0}>
        <table className="data-table" data-testid="programme-groups">
          {head(L.name)}
          <tbody>
            {[...r.roads.map((g) => ({ ...g, label: roadRowLabel(g, r.roadDistanceM, lang) })), { ...r.border, label: L.border }].map(
              (g) => (
                <tr key={g.key} data-group={g.key}>
                  <td>{g.label}</td>
                  {cells(g)}
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      {/* Owners' recorders checked by a collector: never in the programme's figures above. */}
      <h2 className="group-title">{P.line}</h2>
      <p data-testid="programme-connected-private">
        {P.cameras}: {n(r.connectedPrivate.cameras)} · {P.working}: {n(r.connectedPrivate.camerasWorking)} · {P.availability}:{' '}
        {pct(r.connectedPrivate.availabilityPct)} · {P.uptime}: {pct(r.connectedPrivate.uptimePct)}
      </p>
    </>
  );
}
