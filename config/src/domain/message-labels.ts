import { ALERT_RULE_LABELS, type AlertRuleId } from '../api/value-lists.ts';
import type { Language } from '../api/dashboard-auth.ts';
import type { AlertParams } from '../mqtt/messages.ts';
import { CAMERA_CAUSES, EVENT_KINDS, type CameraCause, type EventKind } from '../mqtt/message-values.ts';
import { formatLocalDateTime } from '../time.ts';
import { CAUSE_LABELS, type Bilingual } from './cause-labels.ts';

/**
 * Texts the hub used to build in one language, now built from codes and parameters wherever they
 * are read: the hub (Vietnamese, for e-mail, webhook and MQTT channels) and the dashboard (the
 * user's language). Every table is typed over its code union: a new code without a label in both
 * languages does not compile.
 */

/** What an alert sentence needs besides its rule (`AlertParams` plus where it is). */
export interface AlertTextFacts extends AlertParams {
  rule: AlertRuleId;
  stationId: string;
  cameraId: string | null;
}

type Template<P> = { readonly [L in Language]: (p: P) => string };

/** The hub's own causes of an `unknown` camera status (hub/src/status/status-rules.ts UNKNOWN_CAUSES). */
export const HUB_CAMERA_CAUSES = ['station_offline', 'no_data'] as const;
export type HubCameraCause = (typeof HUB_CAMERA_CAUSES)[number];
export const HUB_CAUSE_LABELS: { readonly [C in HubCameraCause]: Bilingual } = {
  station_offline: { vi: 'trạm mất kết nối', en: 'station offline' },
  no_data: { vi: 'không có dữ liệu', en: 'no data' },
};

/** Causes come from the database as text; one this build does not know is shown as stored. */
export function causeText(cause: string, lang: Language): string {
  if ((CAMERA_CAUSES as readonly string[]).includes(cause)) return CAUSE_LABELS[cause as CameraCause][lang];
  if ((HUB_CAMERA_CAUSES as readonly string[]).includes(cause)) return HUB_CAUSE_LABELS[cause as HubCameraCause][lang];
  return cause;
}

const num = (v: number | string | null | undefined) => Number(v);
/** The rule's own name inside a sentence ("trạm mất kết nối", "station offline"). */
const plain = (rule: AlertRuleId): Template<AlertTextFacts> => ({
  vi: () => ALERT_RULE_LABELS[rule].vi.toLowerCase(),
  en: () => ALERT_RULE_LABELS[rule].en.toLowerCase(),
});

/** The "what" of each rule's alert sentence. */
export const ALERT_MESSAGE_TEMPLATES: { readonly [R in AlertRuleId]: Template<AlertTextFacts> } = {
  station_offline: plain('station_offline'),
  camera_down: {
    vi: (p) => (p.cause ? `không hoạt động: ${causeText(p.cause, 'vi')}` : ALERT_RULE_LABELS.camera_down.vi.toLowerCase()),
    en: (p) => (p.cause ? `down: ${causeText(p.cause, 'en')}` : ALERT_RULE_LABELS.camera_down.en.toLowerCase()),
  },
  picture_frozen: plain('picture_frozen'),
  picture_black: plain('picture_black'),
  picture_covered: plain('picture_covered'),
  view_changed: plain('view_changed'),
  disk_full: {
    vi: (p) => `ổ đĩa đã dùng ${Math.round(num(p.value))}% (ngưỡng ${p.limit}%)`,
    en: (p) => `disk ${Math.round(num(p.value))}% used (limit ${p.limit}%)`,
  },
  clock_skew: {
    vi: (p) => `đồng hồ lệch ${Math.round(Math.abs(num(p.value)) / 1000)} giây`,
    en: (p) => `clock off by ${Math.round(Math.abs(num(p.value)) / 1000)} s`,
  },
  agent_outdated: {
    vi: (p) => `phần mềm ${p.value} cũ hơn ${p.limit}`,
    en: (p) => `agent ${p.value} older than ${p.limit}`,
  },
  byte_budget: {
    vi: (p) => `dự kiến dùng ${Math.round(num(p.value))}% dung lượng 4G trong ngày (ngưỡng ${p.limit}%)`,
    en: (p) => `day projected at ${Math.round(num(p.value))}% of its data budget (limit ${p.limit}%)`,
  },
};

const ALERT_WHERE: Template<AlertTextFacts> = {
  vi: (p) => (p.cameraId ? `Camera ${p.cameraId} (trạm ${p.stationName})` : `Trạm ${p.stationName} (${p.stationId})`),
  en: (p) => (p.cameraId ? `Camera ${p.cameraId} (station ${p.stationName})` : `Station ${p.stationName} (${p.stationId})`),
};
const ALERT_SINCE: Template<number> = {
  vi: (ts) => `từ ${formatLocalDateTime(ts)}`,
  en: (ts) => `since ${formatLocalDateTime(ts)}`,
};

/** The alert text people read, dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh; ≤ 512 characters. */
export function alertText(p: AlertTextFacts, lang: Language): string {
  const what = ALERT_MESSAGE_TEMPLATES[p.rule][lang](p);
  return `${ALERT_WHERE[lang](p)}: ${what} ${ALERT_SINCE[lang](p.since)}`.slice(0, 512);
}

/** Why a station went online or offline (the hub's liveness rules). */
export const STATION_CHANGE_CAUSES = ['message', 'connected', 'last_will', 'timeout'] as const;
export type StationChangeCause = (typeof STATION_CHANGE_CAUSES)[number];

/** The hub's own station-panel events, next to the agent's `EVENT_KINDS`. */
export const HUB_EVENT_KINDS = ['station_online', 'station_offline', 'camera_status'] as const;
export type StationEventKind = EventKind | (typeof HUB_EVENT_KINDS)[number];
export const STATION_EVENT_KINDS: readonly StationEventKind[] = [...EVENT_KINDS, ...HUB_EVENT_KINDS];

/** What each station-panel event is called, standing alone. */
export const STATION_EVENT_LABELS: { readonly [K in StationEventKind]: Bilingual } = {
  agent_started: { vi: 'Phần mềm trạm khởi động', en: 'Agent started' },
  outbox_gap: { vi: 'Hàng đợi đầy, đã lược bớt dữ liệu', en: 'Outbox full, data thinned' },
  camera_discovered: { vi: 'Phát hiện camera', en: 'Camera discovered' },
  camera_lost: { vi: 'Mất camera', en: 'Camera lost' },
  config_reloaded: { vi: 'Đã nạp lại cấu hình', en: 'Configuration reloaded' },
  camera_rebooted: { vi: 'Camera đã khởi động lại', en: 'Camera rebooted' },
  reference_updated: { vi: 'Đã đặt ảnh tham chiếu', en: 'Reference picture set' },
  clock_skew: { vi: 'Đồng hồ trạm lệch giờ', en: 'Station clock skew' },
  station_online: { vi: 'Trạm trực tuyến', en: 'Station online' },
  station_offline: { vi: 'Trạm mất kết nối', en: 'Station offline' },
  camera_status: { vi: 'Trạng thái camera', en: 'Camera status' },
};

export const STATION_CHANGE_CAUSE_LABELS: { readonly [C in StationChangeCause]: Bilingual } = {
  message: { vi: 'nhận được dữ liệu', en: 'data received' },
  connected: { vi: 'đã kết nối', en: 'connected' },
  last_will: { vi: 'mất kết nối đột ngột', en: 'connection dropped' },
  timeout: { vi: 'quá lâu không có tin', en: 'silent too long' },
};

/** Camera status as stored in intervals: the agent's three plus the hub's `unknown`. */
export const INTERVAL_STATUSES = ['ok', 'degraded', 'down', 'unknown'] as const;
export type IntervalStatus = (typeof INTERVAL_STATUSES)[number];
export const CAMERA_STATUS_LABELS: { readonly [S in IntervalStatus]: Bilingual } = {
  ok: { vi: 'hoạt động', en: 'working' },
  degraded: { vi: 'suy giảm', en: 'degraded' },
  down: { vi: 'không hoạt động', en: 'down' },
  unknown: { vi: 'không rõ', en: 'unknown' },
};

/** What the station panel needs of one event. */
export interface StationEventFacts {
  kind: StationEventKind;
  status?: string | null;
  cause?: string | null;
}

function known<T extends string>(list: readonly T[], v: string | null | undefined): v is T {
  return v != null && (list as readonly string[]).includes(v);
}

/** One line of the station panel's events: the event's name and, for changes, status and cause. */
export function stationEventText(e: StationEventFacts, lang: Language): string {
  const name = STATION_EVENT_LABELS[e.kind][lang];
  const parts: string[] = [];
  if (e.kind === 'camera_status' && known(INTERVAL_STATUSES, e.status)) parts.push(CAMERA_STATUS_LABELS[e.status][lang]);
  if (e.kind === 'camera_status' && e.cause) parts.push(causeText(e.cause, lang));
  if ((e.kind === 'station_online' || e.kind === 'station_offline') && known(STATION_CHANGE_CAUSES, e.cause))
    parts.push(STATION_CHANGE_CAUSE_LABELS[e.cause][lang]);
  return parts.length ? `${name}: ${parts.join(', ')}` : name;
}
