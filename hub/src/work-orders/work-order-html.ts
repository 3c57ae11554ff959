import {
  formatLocalDateTime,
  WORK_ORDER_PRIORITY_LABELS,
  WORK_ORDER_STATE_LABELS,
  workOrderCauseText,
  type Language,
  type WorkOrder,
} from '@camwatch/config';

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const when = (ts: number | null) => (ts === null ? '' : formatLocalDateTime(ts));
const vnd = (v: number | null, lang: Language) => (v === null ? '' : `${v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')} ₫`);

const L = {
  vi: {
    order: 'PHIẾU SỬA CHỮA CAMERA',
    list: 'DANH SÁCH PHIẾU SỬA CHỮA CAMERA',
    number: 'Số',
    station: 'Trạm',
    camera: 'Camera',
    wholeStation: 'Cả trạm',
    unit: 'Địa bàn',
    cause: 'Nguyên nhân',
    state: 'Trạng thái',
    priority: 'Ưu tiên',
    assignee: 'Người sửa',
    phone: 'Điện thoại',
    due: 'Hạn sửa xong',
    overdue: 'quá hạn',
    cost: 'Chi phí',
    payer: 'Bên chi trả',
    opened: 'Mở lúc',
    repaired: 'Sửa xong lúc',
    verified: 'Xác minh lúc',
    notes: 'Ghi chú',
    history: 'Diễn biến',
    byHub: 'hệ thống',
    before: 'Ảnh trước khi hỏng',
    after: 'Ảnh sau khi sửa',
    generated: 'Lập lúc',
    count: 'Số phiếu',
    repairer: 'NGƯỜI SỬA CHỮA',
    checker: 'CÁN BỘ XÁC NHẬN',
    sign: '(Ký, ghi rõ họ tên)',
    payers: { community: 'Xã hội hóa', state: 'Ngân sách nhà nước', business: 'Doanh nghiệp', mixed: 'Hỗn hợp' },
  },
  en: {
    order: 'CAMERA REPAIR ORDER',
    list: 'CAMERA REPAIR ORDERS',
    number: 'No.',
    station: 'Station',
    camera: 'Camera',
    wholeStation: 'Whole station',
    unit: 'Area',
    cause: 'Cause',
    state: 'State',
    priority: 'Priority',
    assignee: 'Assignee',
    phone: 'Phone',
    due: 'Due',
    overdue: 'overdue',
    cost: 'Cost',
    payer: 'Paid by',
    opened: 'Opened',
    repaired: 'Repaired',
    verified: 'Verified',
    notes: 'Notes',
    history: 'History',
    byHub: 'the hub',
    before: 'Before the fault',
    after: 'After the repair',
    generated: 'Generated',
    count: 'Orders',
    repairer: 'REPAIRED BY',
    checker: 'CHECKED BY',
    sign: '(Signature and full name)',
    payers: { community: 'Community', state: 'State budget', business: 'Business', mixed: 'Mixed' },
  },
} as const satisfies Record<Language, unknown>;

const STYLE = `body{font-family:"Times New Roman",serif;margin:1.5cm;color:#000;font-size:12pt}
.heading{display:flex;justify-content:space-between;text-align:center;margin-bottom:1em}.heading div{width:48%}.heading b{display:block}
h1{font-size:14pt;text-align:center;margin:.5em 0 0}p.sub{text-align:center;margin:.3em 0 1em}h2{font-size:12pt;margin:1em 0 .3em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #000;padding:3px 6px;vertical-align:top;text-align:left}th{background:#eee}
table.fields th{width:28%}figure{display:inline-block;margin:0 1em 0 0}figure img{max-width:7.5cm;height:auto}
.signs{display:flex;justify-content:space-around;text-align:center;margin-top:2em}.signs div{min-height:3.5cm}
@media print{body{margin:0}@page{size:A4;margin:1.5cm}tr{break-inside:avoid}}`;

/** The heading of a police document: the province and the unit on the left, the national motto on the right. */
function heading(provinceName: string, unitName: string): string {
  const unit = unitName ? `<b>${esc(unitName.toUpperCase())}</b>` : '';
  return `<div class="heading"><div><b>${esc(provinceName.toUpperCase())}</b>${unit}</div><div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><b>Độc lập - Tự do - Hạnh phúc</b></div></div>`;
}

function page(lang: Language, title: string, body: string, landscape = false): string {
  const style = landscape ? STYLE.replace('@page{size:A4;', '@page{size:A4 landscape;') : STYLE;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
${style}
</style></head><body>
${body}
</body></html>
`;
}

/**
 * One order as the printed phiếu a technician carries and signs: what, where, who, by when,
 * the pictures before and after, its history and two signature blocks. A4 portrait; no
 * scripts; the only resources are the order's own snapshot URLs, signed for the reader.
 */
export function workOrderHtml(o: WorkOrder, lang: Language, provinceName: string, now: number): string {
  const T = L[lang];
  const field = (label: string, value: string) => `<tr><th>${esc(label)}</th><td>${esc(value)}</td></tr>`;
  const pictures = [
    { ref: o.beforeSnapshot, label: T.before },
    { ref: o.afterSnapshot, label: T.after },
  ]
    .filter((p) => p.ref !== null)
    .map(
      (p) =>
        `<figure><img src="${esc(p.ref!.url)}" alt="${esc(p.label)}"><figcaption>${esc(p.label)} · ${esc(when(p.ref!.takenAt))}</figcaption></figure>`,
    );
  const history = (o.history ?? []).map(
    (e) =>
      `<tr><td>${esc(when(e.at))}</td><td>${esc(WORK_ORDER_STATE_LABELS[e.to][lang])}</td><td>${esc(e.by ?? T.byHub)}</td><td>${esc(e.note)}</td></tr>`,
  );
  const body = `${heading(provinceName, o.unitName)}
<h1>${esc(T.order)}</h1>
<p class="sub">${esc(T.number)} ${o.id} · ${esc(T.generated)}: ${esc(when(now))}</p>
<table class="fields"><tbody>
${[
  field(T.station, `${o.stationName} (${o.stationId})`),
  field(T.camera, o.cameraId ?? T.wholeStation),
  field(T.unit, o.unitName),
  field(T.cause, workOrderCauseText(o.cause, lang)),
  field(T.state, WORK_ORDER_STATE_LABELS[o.state][lang]),
  field(T.priority, WORK_ORDER_PRIORITY_LABELS[o.priority][lang]),
  field(T.assignee, o.assignee?.name ?? ''),
  field(T.phone, o.assignee?.kind === 'contractor' ? o.assignee.phone : ''),
  field(T.due, `${when(o.dueAt)}${o.overdue ? ` (${T.overdue})` : ''}`),
  field(T.cost, vnd(o.costVnd, lang)),
  field(T.payer, T.payers[o.payer]),
  field(T.opened, when(o.openedAt)),
  field(T.repaired, when(o.repairedAt)),
  field(T.verified, when(o.verifiedAt)),
  field(T.notes, o.notes),
].join('\n')}
</tbody></table>
${pictures.length ? `<p>${pictures.join('')}</p>` : ''}
<h2>${esc(T.history)}</h2>
<table><tbody>
${history.join('\n')}
</tbody></table>
<div class="signs"><div><b>${esc(T.repairer)}</b><br>${esc(T.sign)}</div><div><b>${esc(T.checker)}</b><br>${esc(T.sign)}</div></div>`;
  return page(lang, `${T.order} ${o.id}`, body);
}

/** A list of orders (the same filter as the CSV) as one printable A4 landscape page. */
export function workOrdersListHtml(
  items: readonly WorkOrder[],
  lang: Language,
  provinceName: string,
  unitName: string,
  now: number,
): string {
  const T = L[lang];
  const head = [T.number, T.state, T.priority, T.unit, T.station, T.camera, T.cause, T.assignee, T.due, T.cost, T.opened]
    .map((h) => `<th>${esc(h)}</th>`)
    .join('');
  const rows = items.map(
    (o) =>
      `<tr><td>${o.id}</td><td>${esc(WORK_ORDER_STATE_LABELS[o.state][lang])}</td><td>${esc(WORK_ORDER_PRIORITY_LABELS[o.priority][lang])}</td><td>${esc(o.unitName)}</td><td>${esc(o.stationName)}</td><td>${esc(o.cameraId ?? T.wholeStation)}</td><td>${esc(workOrderCauseText(o.cause, lang))}</td><td>${esc(o.assignee?.name ?? '')}</td><td>${esc(when(o.dueAt))}${o.overdue ? ` (${esc(T.overdue)})` : ''}</td><td>${esc(vnd(o.costVnd, lang))}</td><td>${esc(when(o.openedAt))}</td></tr>`,
  );
  const body = `${heading(provinceName, unitName)}
<h1>${esc(T.list)}</h1>
<p class="sub">${esc(T.count)}: ${items.length} · ${esc(T.generated)}: ${esc(when(now))}</p>
<table><thead><tr>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
  return page(lang, T.list, body, true);
}
