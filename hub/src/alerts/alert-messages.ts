import { ALERT_RULE_LABELS, CAMERA_CAUSES, CAUSE_LABELS, formatLocalDateTime, type AlertRuleId, type CameraCause } from '@camwatch/config';

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
  if (f.rule === 'camera_down' && f.cause) what = `không hoạt động: ${isCause(f.cause) ? CAUSE_LABELS[f.cause].vi : f.cause}`;
  if (f.rule === 'disk_full') what = `ổ đĩa đã dùng ${Math.round(Number(f.value))}% (ngưỡng ${f.limit}%)`;
  if (f.rule === 'clock_skew') what = `đồng hồ lệch ${Math.round(Math.abs(Number(f.value)) / 1000)} giây`;
  if (f.rule === 'agent_outdated') what = `phần mềm ${f.value} cũ hơn ${f.limit}`;
  return `${where}: ${what} ${since}`.slice(0, 512);
}

/** Causes come from the database as text; one that this build does not know is shown as stored. */
function isCause(value: string): value is CameraCause {
  return (CAMERA_CAUSES as readonly string[]).includes(value);
}
