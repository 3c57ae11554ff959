import { describe, expect, it } from 'vitest';
import {
  ALERT_RULES,
  CAMERA_CAUSES,
  HUB_CAMERA_CAUSES,
  INTERVAL_STATUSES,
  STATION_CHANGE_CAUSES,
  STATION_EVENT_KINDS,
  alertText,
  stationEventText,
  type AlertTextFacts,
} from '../src/index.ts';

/** Vietnamese letters outside ASCII: none may appear in an English text (station names left out). */
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
// 06/12/2026 15:00 in Asia/Ho_Chi_Minh.
const SINCE = Date.UTC(2026, 11, 6, 8, 0);
const station = { stationId: 'LA-BL-PL-001', stationName: 'Ấp 4 cổng chợ', since: SINCE };

describe('alert texts from codes and parameters', () => {
  it('builds the Vietnamese text the channels always sent', () => {
    expect(alertText({ ...station, rule: 'clock_skew', cameraId: null, value: -261_400, limit: 60_000 }, 'vi')).toBe(
      'Trạm Ấp 4 cổng chợ (LA-BL-PL-001): đồng hồ lệch 261 giây từ 06/12/2026 15:00',
    );
    expect(alertText({ ...station, rule: 'camera_down', cameraId: 'LA-BL-PL-001-C2', cause: 'covered' }, 'vi')).toBe(
      'Camera LA-BL-PL-001-C2 (trạm Ấp 4 cổng chợ): không hoạt động: ống kính bị che từ 06/12/2026 15:00',
    );
    expect(alertText({ ...station, rule: 'disk_full', cameraId: null, value: 91.6, limit: 90 }, 'vi')).toBe(
      'Trạm Ấp 4 cổng chợ (LA-BL-PL-001): ổ đĩa đã dùng 92% (ngưỡng 90%) từ 06/12/2026 15:00',
    );
  });

  it('builds English texts with no Vietnamese besides the station name, for every rule and cause', () => {
    const all: AlertTextFacts[] = ALERT_RULES.flatMap((rule) =>
      [null, ...CAMERA_CAUSES].map((cause) => ({ ...station, rule, cameraId: 'C1', cause, value: 1000, limit: 10 })),
    );
    for (const f of all) {
      const text = alertText(f, 'en').replace(station.stationName, '');
      expect(text, text).not.toMatch(VIETNAMESE);
      expect(text).toMatch(/ since 06\/12\/2026 15:00$/);
    }
    expect(alertText({ ...station, rule: 'clock_skew', cameraId: null, value: 261_000 }, 'en')).toContain('clock off by 261 s');
  });
});

describe('station panel events from codes', () => {
  it('names every event, status and cause in Vietnamese with no code or English word left', () => {
    // The causes each kind can carry: camera causes on camera changes, liveness causes on station changes.
    const causesOf = (kind: string) =>
      kind === 'camera_status' ? [...CAMERA_CAUSES, ...HUB_CAMERA_CAUSES] : kind.startsWith('station_') ? STATION_CHANGE_CAUSES : [];
    const events = STATION_EVENT_KINDS.flatMap((kind) =>
      [...INTERVAL_STATUSES, null].flatMap((status) => [...causesOf(kind), null].map((cause) => ({ kind, status, cause }))),
    );
    for (const e of events) {
      const text = stationEventText(e, 'vi');
      expect(text, JSON.stringify(e)).toMatch(VIETNAMESE);
      expect(text, JSON.stringify(e)).not.toMatch(/_|\b(down|ok|degraded|unknown|message|connected|timeout|started|reference)\b/);
    }
    expect(stationEventText({ kind: 'camera_status', status: 'down', cause: 'covered' }, 'en')).toBe('Camera status: down, lens covered');
    expect(stationEventText({ kind: 'station_offline', cause: 'last_will' }, 'vi')).toBe('Trạm mất kết nối: mất kết nối đột ngột');
  });
});
