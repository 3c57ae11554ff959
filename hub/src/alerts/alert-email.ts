import { ALERT_RULE_LABELS, formatLocalDateTime, type AlertRuleId } from '@camwatch/config';
import type { Delivery } from './delivery-outbox-repository.ts';

const SEVERITY_VI: Record<string, string> = { critical: 'Khẩn cấp', warning: 'Cảnh báo', info: 'Thông tin' };
const EVENT_VI: Record<string, string> = { opened: 'Mới', acknowledged: 'Đã tiếp nhận', resolved: 'Đã khắc phục' };

export interface DigestPayload {
  unitId: string;
  unitName: string;
  day: string;
  uptimePct: number | null;
  opened: { message: string; openedAt: number; resolvedAt: number | null }[];
  stillOpen: number;
}

/** Subject and body of an alert, digest or test email, in Vietnamese. */
export function renderEmail(d: Delivery): { subject: string; text: string } {
  const p = d.payload as Record<string, unknown>;
  if (d.kind === 'digest') {
    // Our own column: alert-digest.ts wrote this payload from a DigestPayload.
    const g = p as unknown as DigestPayload;
    const [y, m, day] = g.day.split('-');
    const lines = g.opened.map(
      (a) => `- ${formatLocalDateTime(a.openedAt)}: ${a.message}${a.resolvedAt ? ` (khắc phục ${formatLocalDateTime(a.resolvedAt)})` : ''}`,
    );
    return {
      subject: `[camwatch] Báo cáo ngày ${day}/${m}/${y} – ${g.unitName}`,
      text: [
        `Địa bàn: ${g.unitName}`,
        `Tỷ lệ hoạt động trong ngày: ${g.uptimePct === null ? 'không có dữ liệu' : `${g.uptimePct.toFixed(1)}%`}`,
        `Cảnh báo phát sinh: ${g.opened.length}; còn mở: ${g.stillOpen}`,
        '',
        ...lines,
      ].join('\n'),
    };
  }
  if (d.kind === 'test') return { subject: '[camwatch] Thử kênh cảnh báo', text: 'Đây là thư thử nghiệm của kênh cảnh báo camwatch.' };
  const rule = ALERT_RULE_LABELS[p.rule as AlertRuleId]?.vi ?? String(p.rule);
  const event = EVENT_VI[String(p.event)] ?? String(p.event);
  return {
    subject: `[camwatch] ${SEVERITY_VI[String(p.severity)] ?? p.severity} – ${event}: ${rule} – ${p.stationName ?? p.stationId}`,
    text: [
      String(p.message),
      '',
      `Trạng thái: ${event}`,
      `Địa bàn: ${p.unitName ?? p.unitId}`,
      `Mở lúc: ${formatLocalDateTime(Number(p.openedAt))}`,
      ...(p.resolvedAt ? [`Khắc phục lúc: ${formatLocalDateTime(Number(p.resolvedAt))}`] : []),
      ...(p.comment ? [`Ghi chú: ${p.comment}`] : []),
      `Mã cảnh báo: ${p.alertId}`,
    ].join('\n'),
  };
}
