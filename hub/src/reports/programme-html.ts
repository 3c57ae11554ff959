import {
  CONNECTED_PRIVATE_LABELS,
  formatLocalDateTime,
  PROGRAMME_LABELS,
  roadRowLabel,
  type ProgrammeFigures,
  type ProgrammeReport,
} from '@camwatch/config';
import type { Lang } from './report-labels.ts';

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const ROMAN = ['I', 'II', 'III', 'IV'];

/** "Tháng 11/2026", "Quý IV/2026", "Năm 2026". */
export function periodTitle(r: Pick<ProgrammeReport, 'period' | 'from'>, lang: Lang): string {
  const L = PROGRAMME_LABELS[lang];
  const y = r.from.slice(0, 4);
  const m = Number(r.from.slice(5, 7));
  if (r.period === 'month') return `${L.period.month} ${String(m).padStart(2, '0')}/${y}`;
  if (r.period === 'quarter') return `${L.period.quarter} ${ROMAN[Math.floor((m - 1) / 3)]}/${y}`;
  return `${L.period.year} ${y}`;
}

/**
 * The programme report as a printable A4 page (landscape, no scripts, no external resources),
 * headed like a police document: the province and the unit on the left, the national motto on
 * the right.
 */
export function programmeHtml(r: ProgrammeReport, lang: Lang, provinceName: string, now: number): string {
  const L = PROGRAMME_LABELS[lang];
  const P = CONNECTED_PRIVATE_LABELS[lang];
  const num = (v: number | null, digits: number) =>
    v === null ? L.noData : lang === 'vi' ? v.toFixed(digits).replace('.', ',') : v.toFixed(digits);
  const cells = (f: ProgrammeFigures) =>
    [
      `${f.unitsWithStations}/${f.leafUnits}`,
      f.stations,
      f.cameras,
      f.camerasWorking,
      num(f.availabilityPct, 1),
      num(f.uptimePct, 1),
      f.camerasAdded,
      f.camerasRetired,
      f.ordersOpened,
      f.ordersClosed,
      f.mttrMs === null ? '' : num(f.mttrMs / 3_600_000, 1),
    ]
      .map((v) => `<td class="n">${esc(v)}</td>`)
      .join('');
  const head = `<tr><th>${esc(L.name)}</th><th>${esc(L.withCamera)}</th><th>${esc(L.stations)}</th><th>${esc(L.cameras)}</th><th>${esc(L.working)}</th><th>${esc(L.availability)}</th><th>${esc(L.uptime)}</th><th>${esc(L.added)}</th><th>${esc(L.retired)}</th><th>${esc(L.opened)}</th><th>${esc(L.closed)}</th><th>${esc(L.mttrH)}</th></tr>`;
  const unitRows = r.units.map(
    (u) =>
      `<tr${u.depth === 0 ? ' class="total"' : ''}><td style="padding-left:${6 + u.depth * 14}px">${esc(u.unitName)}</td>${cells(u)}</tr>`,
  );
  const groupRows = [
    ...r.roads.map((g) => ({ ...g, label: roadRowLabel(g, r.roadDistanceM, lang) })),
    { ...r.border, label: L.border },
  ].map((g) => `<tr><td>${esc(g.label)}</td>${cells(g)}</tr>`);
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(L.title)} – ${esc(r.unitName)}</title>
<style>
body{font-family:"Times New Roman",serif;margin:1.5cm;color:#000;font-size:12pt}
.heading{display:flex;justify-content:space-between;text-align:center;margin-bottom:1em}.heading div{width:48%}.heading b{display:block}
h1{font-size:14pt;text-align:center;margin:.5em 0 0}p.sub{text-align:center;margin:.3em 0 1em}h2{font-size:12pt;margin:1em 0 .3em}
table{border-collapse:collapse;width:100%;font-size:10pt}th,td{border:1px solid #000;padding:2px 5px}th{background:#eee}td.n{text-align:right}
tr.total td{font-weight:bold}.sign{margin-top:2em;text-align:right;width:100%}
@media print{body{margin:0}@page{size:A4 landscape;margin:1.2cm}tr{break-inside:avoid}}
</style></head><body>
<div class="heading"><div><b>${esc(provinceName.toUpperCase())}</b><b>${esc(r.unitName.toUpperCase())}</b></div><div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><b>Độc lập - Tự do - Hạnh phúc</b></div></div>
<h1>${esc(L.title)}</h1>
<p class="sub">${esc(periodTitle(r, lang))} (${esc(L.from)} ${vnDate(r.from)} ${esc(L.to)} ${vnDate(r.to)}) · ${esc(L.generated)}: ${esc(formatLocalDateTime(now))}</p>
<h2>${esc(L.byUnit)}</h2>
<table><thead>${head}</thead>
<tbody>
${unitRows.join('\n')}
</tbody></table>
<h2>${esc(L.byRoad)} · ${esc(L.border)}</h2>
<table><thead>${head}</thead>
<tbody>
${groupRows.join('\n')}
</tbody></table>
<h2>${esc(P.line)}</h2>
<table><thead><tr><th>${esc(P.cameras)}</th><th>${esc(P.working)}</th><th>${esc(P.availability)}</th><th>${esc(P.uptime)}</th></tr></thead>
<tbody><tr data-line="connected-private"><td class="n">${r.connectedPrivate.cameras}</td><td class="n">${r.connectedPrivate.camerasWorking}</td><td class="n">${esc(num(r.connectedPrivate.availabilityPct, 1))}</td><td class="n">${esc(num(r.connectedPrivate.uptimePct, 1))}</td></tr></tbody></table>
<p class="sign">${esc(L.signer)}</p>
</body></html>
`;
}
