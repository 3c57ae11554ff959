import { formatLocalDateTime, type UptimeReport } from '@camwatch/config';
import { LABELS, type Lang } from './report-labels.ts';

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const pct = (v: number | null, L: (typeof LABELS)[Lang]) => (v === null ? L.noData : `${v.toFixed(1).replace('.', ',')}%`);

/** A printable page of the uptime table (A4, no scripts, no external resources). */
export function uptimeHtml(r: UptimeReport, lang: Lang, provinceName: string, now: number): string {
  const L = LABELS[lang];
  const fmtPct = (v: number | null) => (lang === 'vi' ? pct(v, L) : v === null ? L.noData : `${v.toFixed(1)}%`);
  const rows = r.rows.map(
    (x) =>
      `<tr><td>${esc(x.unitName)}</td><td>${esc(x.parentName)}</td><td class="n">${x.stations}</td><td class="n">${x.cameras}</td><td class="n">${esc(fmtPct(x.availabilityPct))}${x.availabilityLossCause === 'station_unreachable' ? ` (${esc(L.lossCause.station_unreachable)})` : ''}</td><td class="n">${esc(fmtPct(x.uptimePct))}</td><td class="n">${esc(fmtPct(x.coveragePct))}</td><td class="n">${(x.downMs / 3_600_000).toFixed(1)}</td><td class="n">${x.outages}</td><td class="n">${x.mttrMs === null ? '' : Math.round(x.mttrMs / 60_000)}</td></tr>`,
  );
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(L.uptimeTitle)} – ${esc(provinceName)}</title>
<style>
body{font-family:"Times New Roman",serif;margin:2cm;color:#000}h1{font-size:16pt;text-align:center;margin:0}p.sub{text-align:center;margin:.3em 0 1em}
table{border-collapse:collapse;width:100%;font-size:11pt}th,td{border:1px solid #000;padding:3px 6px}th{background:#eee}td.n{text-align:right}
@media print{body{margin:1cm}@page{size:A4;margin:1.5cm}}
</style></head><body>
<h1>${esc(L.uptimeTitle)}</h1>
<p class="sub">${esc(provinceName)} · ${esc(L.period)}: ${vnDate(r.from)} – ${vnDate(r.to)} · ${esc(L.generated)}: ${esc(formatLocalDateTime(now))}</p>
<table><thead><tr><th>${esc(L.unitName)}</th><th>${esc(L.parent)}</th><th>${esc(L.stations)}</th><th>${esc(L.cameras)}</th><th>${esc(L.availabilityPct)}</th><th>${esc(L.uptimePct)}</th><th>${esc(L.coveragePct)}</th><th>${esc(L.downH)}</th><th>${esc(L.outages)}</th><th>${esc(L.mttrMin)}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
</body></html>
`;
}
