import {
  formatLocalDateTime,
  WORK_ORDER_PRIORITY_LABELS,
  WORK_ORDER_STATE_LABELS,
  workOrderCauseText,
  type Language,
  type WorkOrder,
} from '@camwatch/config';
import { BOM, line } from '../reports/report-csv.ts';

const HEADERS: Record<Language, string[]> = {
  vi: [
    'Số phiếu',
    'Trạng thái',
    'Ưu tiên',
    'Đơn vị',
    'Trạm',
    'Camera',
    'Nguyên nhân',
    'Người sửa',
    'Điện thoại',
    'Hạn',
    'Quá hạn',
    'Chi phí (VND)',
    'Bên chi trả',
    'Mở lúc',
    'Sửa xong lúc',
    'Xác minh lúc',
  ],
  en: [
    'Order',
    'State',
    'Priority',
    'Unit',
    'Station',
    'Camera',
    'Cause',
    'Assignee',
    'Phone',
    'Due',
    'Overdue',
    'Cost (VND)',
    'Paid by',
    'Opened',
    'Repaired',
    'Verified',
  ],
};

const when = (ts: number | null) => (ts === null ? '' : formatLocalDateTime(ts));

/** The order list as CSV, UTF-8 with BOM, times in Asia/Ho_Chi_Minh. */
export function workOrdersCsv(items: readonly WorkOrder[], lang: Language): string {
  const rows = items.map((o) =>
    line([
      o.id,
      WORK_ORDER_STATE_LABELS[o.state][lang],
      WORK_ORDER_PRIORITY_LABELS[o.priority][lang],
      o.unitName,
      o.stationName,
      o.cameraId ?? '',
      workOrderCauseText(o.cause, lang),
      o.assignee?.name ?? '',
      o.assignee?.kind === 'contractor' ? o.assignee.phone : '',
      when(o.dueAt),
      o.overdue ? (lang === 'vi' ? 'có' : 'yes') : '',
      o.costVnd ?? '',
      o.payer,
      when(o.openedAt),
      when(o.repairedAt),
      when(o.verifiedAt),
    ]),
  );
  return `${BOM}${[line(HEADERS[lang]), ...rows].join('\r\n')}\r\n`;
}
