import {
  formatLocalDateTime,
  type Investigation,
  type InvestigationCamera,
  type InvestigationPrivateCamera,
  type Language,
} from '@camwatch/config';
import { INVESTIGATION_LABELS } from './investigation-labels.ts';

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const COLOURS = { ok: '#2e7d32', degraded: '#f9a825', down: '#c62828', unreachable: '#6d4c41', maintenance: '#1565c0', noData: '#bdbdbd' };
const SHARES = ['ok', 'degraded', 'down', 'unreachable', 'maintenance', 'noData'] as const;

/**
 * The investigation as a printable A4 page for the case file (portrait, no scripts, no external
 * resources), headed like the programme report. Each camera's window is a bar of its spans and
 * the shares in words, so the page still reads when printed in black and white.
 */
export function investigationHtml(r: Investigation, lang: Language, provinceName: string, preparedBy: string): string {
  const L = INVESTIGATION_LABELS[lang];
  const pct = (share: number) => (lang === 'vi' ? (share * 100).toFixed(1).replace('.', ',') : (share * 100).toFixed(1));
  const spot = r.route.map((p) => `${p.lat.toFixed(6)}, ${p.lon.toFixed(6)}`).join(' → ');
  const length = r.to - r.from;
  const bar = (c: InvestigationCamera) =>
    `<div class="bar">${c.spans
      .map(
        (s) =>
          `<span style="left:${(((s.start - r.from) / length) * 100).toFixed(2)}%;width:${(((s.end - s.start) / length) * 100).toFixed(2)}%;background:${COLOURS[s.status]}"></span>`,
      )
      .join('')}</div>`;
  const shares = (c: InvestigationCamera) =>
    SHARES.filter((k) => c.shares[k] > 0)
      .map((k) => `${esc(L[k])} ${pct(c.shares[k])}%`)
      .join('; ');
  const snap = (s: InvestigationCamera['snapshotBefore']) => (s ? esc(formatLocalDateTime(s.takenAt)) : esc(L.noSnapshot));
  const rows = r.programmeCameras.map(
    (c, i) =>
      `<tr><td class="n">${i + 1}</td><td><b>${esc(c.cameraId)}</b><br>${esc(c.stationName)}<br>${esc(c.address)}, ${esc(c.unitName)}</td><td class="n">${c.distanceM}</td><td>${bar(c)}${shares(c)}</td><td>${snap(c.snapshotBefore)}</td><td>${snap(c.snapshotAfter)}</td></tr>`,
  );
  const kept = (c: InvestigationPrivateCamera) =>
    c.footageProbablyKept === null
      ? esc(L.unknownKept)
      : `${esc(c.footageProbablyKept ? L.probablyKept : L.probablyGone)} (${esc(L.keptUntil.toLowerCase())} ${esc(formatLocalDateTime(c.footageKeptUntil!))})`;
  const owners = r.privateCameras.map(
    (c, i) =>
      `<tr><td class="n">${i + 1}</td><td><b>${esc(L[c.ownerKind])}</b>: ${c.owner ? `${esc(c.owner.name)}<br>${esc(L.phone)}: ${esc(c.owner.phone)}<br>${esc(c.owner.address)}` : esc(L.contactHidden)}<br>${esc(c.unitName)}</td><td class="n">${c.distanceM}</td><td>${c.recorder ? `${esc(c.recorder.kind.toUpperCase())} ${esc(c.recorder.brand ?? '')}${c.recorder.daysKept === null ? '' : `, ${c.recorder.daysKept} ${esc(L.daysKept.toLowerCase())}`}` : ''}</td><td>${kept(c)}</td><td>${esc(L[c.consentScope])}</td></tr>`,
  );
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(L.title)}</title>
<style>
body{font-family:"Times New Roman",serif;margin:1.5cm;color:#000;font-size:12pt}
.heading{display:flex;justify-content:space-between;text-align:center;margin-bottom:1em}.heading div{width:48%}.heading b{display:block}
h1{font-size:14pt;text-align:center;margin:.5em 0 0}p.sub{text-align:center;margin:.3em 0 1em}h2{font-size:12pt;margin:1em 0 .3em}
table{border-collapse:collapse;width:100%;font-size:10pt}th,td{border:1px solid #000;padding:2px 5px;vertical-align:top}th{background:#eee}td.n{text-align:right}
.bar{position:relative;height:8px;background:${COLOURS.noData};margin:2px 0 3px;-webkit-print-color-adjust:exact;print-color-adjust:exact}.bar span{position:absolute;top:0;bottom:0}
.sign{margin-top:2em;text-align:right}
@media print{body{margin:0}@page{size:A4 portrait;margin:1.5cm}tr{break-inside:avoid}}
</style></head><body>
<div class="heading"><div><b>${esc(provinceName.toUpperCase())}</b></div><div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><b>Độc lập - Tự do - Hạnh phúc</b></div></div>
<h1>${esc(L.title)}</h1>
<p class="sub">${esc(L.subtitle)}</p>
<p>${esc(L.spot)}: ${esc(spot)}<br>${esc(L.window)}: ${esc(formatLocalDateTime(r.from))} – ${esc(formatLocalDateTime(r.to))}<br>${esc(L.generated)}: ${esc(formatLocalDateTime(r.asOf))} · ${esc(L.by)}: ${esc(preparedBy)}</p>
<h2>${esc(L.programme)} (${r.programmeCameras.length})</h2>
${
  rows.length === 0
    ? `<p>${esc(L.none)}</p>`
    : `<table><thead><tr><th>#</th><th>${esc(L.camera)}</th><th>${esc(L.distance)}</th><th>${esc(L.window)}</th><th>${esc(L.before)}</th><th>${esc(L.after)}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`
}
<h2>${esc(L.private)} (${r.privateCameras.length})</h2>
${
  owners.length === 0
    ? `<p>${esc(L.noPrivate)}</p>`
    : `<table><thead><tr><th>#</th><th>${esc(L.owner)}</th><th>${esc(L.distance)}</th><th>${esc(L.recorder)}</th><th>${esc(L.footage)}</th><th>${esc(L.consent)}</th></tr></thead>
<tbody>
${owners.join('\n')}
</tbody></table>`
}
<p class="sign">${esc(L.signer)}</p>
</body></html>
`;
}
