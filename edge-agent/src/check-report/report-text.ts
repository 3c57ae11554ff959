import type { CameraCause, CameraStatusValue } from '@camwatch/config';

/** One phrase in both languages; printed Vietnamese first, as the technician reads it. */
export interface Bilingual {
  vi: string;
  en: string;
}

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

/** What the technician should look at, per cause. */
export const CAUSE_TEXT: Record<CameraCause, Bilingual> = {
  unreachable: { vi: 'không kết nối được (kiểm tra nguồn điện và dây mạng)', en: 'unreachable (check power and network cable)' },
  onvif_failing: { vi: 'ONVIF không trả lời (kiểm tra tài khoản, mật khẩu, bật ONVIF)', en: 'ONVIF not answering (check user, password, ONVIF enabled)' },
  stream_failing: { vi: 'không nhận được luồng video (kiểm tra địa chỉ RTSP)', en: 'no video stream (check the RTSP address)' },
  black: { vi: 'hình ảnh đen', en: 'black picture' },
  covered: { vi: 'ống kính bị che', en: 'lens covered' },
  frozen: { vi: 'hình ảnh bị đứng', en: 'frozen picture' },
  blurred: { vi: 'hình ảnh bị mờ (lau ống kính, chỉnh nét)', en: 'blurred picture (clean the lens, refocus)' },
  view_changed: { vi: 'camera bị xoay khỏi hướng ban đầu', en: 'camera turned away from its view' },
  low_fps: { vi: 'số khung hình/giây thấp', en: 'low frame rate' },
  clock_skew: { vi: 'đồng hồ camera bị lệch giờ (bật NTP hoặc chỉnh giờ trên camera)', en: 'camera clock is wrong (enable NTP or set the time on the camera)' },
};

/** Picture causes, for the "Picture" line (the others belong to "Found" or "Stream"). */
export const PICTURE_CAUSES: ReadonlySet<CameraCause> = new Set(['black', 'covered', 'frozen', 'blurred', 'view_changed']);
