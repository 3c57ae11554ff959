import { ALERT_RULE_LABELS, formatLocalDateTime, type AlertRuleId } from '@camwatch/config';

const CAUSES_VI: Record<string, string> = {
  unreachable: 'không kết nối được',
  onvif_failing: 'lỗi ONVIF',
  stream_failing: 'lỗi luồng video',
  black: 'hình đen',
  covered: 'bị che',
  frozen: 'hình đứng',
  blurred: 'hình mờ',
  view_changed: 'bị xoay hướng',
  low_fps: 'khung hình thấp',
  clock_skew: 'lệch giờ',
};

export interface MessageFacts {
  rule: AlertRuleId;
  stationId: string;
  stationName: string;
  cameraId: string | null;
  since: number;
  cause?: string | null;
  value?: number | string | null;
  limit?: number | string | null;
}

/** The alert text people read (Vietnamese, dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh); ≤ 512 characters. */
export function alertMessage(f: MessageFacts): string {
  const where = f.cameraId ? `Camera ${f.cameraId} (trạm ${f.stationName})` : `Trạm ${f.stationName} (${f.stationId})`;
  const since = `từ ${formatLocalDateTime(f.since)}`;
  let what: string = ALERT_RULE_LABELS[f.rule].vi.toLowerCase();
  if (f.rule === 'camera_down' && f.cause) what = `không hoạt động: ${CAUSES_VI[f.cause] ?? f.cause}`;
  if (f.rule === 'disk_full') what = `ổ đĩa đã dùng ${Math.round(Number(f.value))}% (ngưỡng ${f.limit}%)`;
  if (f.rule === 'clock_skew') what = `đồng hồ lệch ${Math.round(Math.abs(Number(f.value)) / 1000)} giây`;
  if (f.rule === 'agent_outdated') what = `phần mềm ${f.value} cũ hơn ${f.limit}`;
  return `${where}: ${what} ${since}`.slice(0, 512);
}
