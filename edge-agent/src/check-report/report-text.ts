import { CAUSE_LABELS, type Bilingual, type CameraCause, type CameraStatusValue } from '@camwatch/config';

/** Printed Vietnamese first, as the technician reads it. */
export const both = (b: Bilingual): string => `${b.vi} / ${b.en}`;

export const LABELS = {
  title: { vi: 'KIỂM TRA CAMERA TẠI TRẠM', en: 'STATION CAMERA CHECK' },
  found: { vi: 'Tìm thấy', en: 'Found' },
  stream: { vi: 'Luồng video', en: 'Stream' },
  picture: { vi: 'Hình ảnh', en: 'Picture' },
  snapshot: { vi: 'Ảnh chụp', en: 'Snapshot' },
  verdict: { vi: 'Kết luận', en: 'Verdict' },
  summary: { vi: 'Tổng kết', en: 'Summary' },
  noCameras: { vi: 'Chưa có camera nào trong cấu hình hoặc tìm thấy trên mạng.', en: 'No camera configured or found on the network.' },
} satisfies Record<string, Bilingual>;

export const VALUES = {
  yes: { vi: 'có', en: 'yes' },
  no: { vi: 'không', en: 'no' },
  onvifAnswers: { vi: 'trả lời ONVIF', en: 'answers ONVIF' },
  onvifFails: { vi: 'ONVIF lỗi', en: 'ONVIF failing' },
  staticRtsp: { vi: 'địa chỉ RTSP cố định', en: 'static RTSP address' },
  unknownIdentity: { vi: 'không rõ hãng và model', en: 'make and model unknown' },
  normal: { vi: 'bình thường', en: 'normal' },
  notChecked: { vi: 'chưa kiểm tra', en: 'not checked' },
  saved: { vi: 'đã lưu', en: 'saved' },
  taken: { vi: 'đã chụp (không lưu)', en: 'taken (not saved)' },
  notTaken: { vi: 'không chụp được', en: 'could not be taken' },
  fps: { vi: 'khung hình/giây', en: 'fps' },
  sharpness: { vi: 'độ nét', en: 'sharpness' },
  brightness: { vi: 'độ sáng', en: 'brightness' },
} satisfies Record<string, Bilingual>;

export const STATUS_TEXT: Record<CameraStatusValue, Bilingual> = {
  ok: { vi: 'HOẠT ĐỘNG TỐT', en: 'OK' },
  degraded: { vi: 'HOẠT ĐỘNG KÉM', en: 'DEGRADED' },
  down: { vi: 'KHÔNG HOẠT ĐỘNG', en: 'DOWN' },
};

/** What the technician should look at, for the causes a site visit can fix; added after the shared label. */
const CAUSE_HINTS: Partial<Record<CameraCause, Bilingual>> = {
  unreachable: { vi: 'kiểm tra nguồn điện và dây mạng', en: 'check power and network cable' },
  onvif_failing: { vi: 'kiểm tra tài khoản, mật khẩu, bật ONVIF', en: 'check user, password, ONVIF enabled' },
  stream_failing: { vi: 'kiểm tra địa chỉ RTSP', en: 'check the RTSP address' },
  blurred: { vi: 'lau ống kính, chỉnh nét', en: 'clean the lens, refocus' },
  clock_skew: { vi: 'bật NTP hoặc chỉnh giờ trên camera', en: 'enable NTP or set the time on the camera' },
};

/** A cause as the report prints it: the shared label (config), then the hint if there is one. */
export function causeText(cause: CameraCause): Bilingual {
  const label = CAUSE_LABELS[cause];
  const hint = CAUSE_HINTS[cause];
  return hint ? { vi: `${label.vi} (${hint.vi})`, en: `${label.en} (${hint.en})` } : label;
}

/** Picture causes, for the "Picture" line (the others belong to "Found" or "Stream"): the contracts' set. */
export { PICTURE_CAUSES } from '@camwatch/config';
