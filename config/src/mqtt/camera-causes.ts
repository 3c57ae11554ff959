import type { CameraCause, CameraStatusValue } from './messages.ts';

export interface CameraCauseRule {
  /** The status a camera with only this cause has. */
  severity: Exclude<CameraStatusValue, 'ok'>;
  vi: string;
  en: string;
}

/**
 * Severity and labels of every cause, in one typed table: a cause added to CAMERA_CAUSES
 * without its row does not compile.
 *   down:     nobody can see anything useful through the camera
 *   degraded: it still shows the street, worse or elsewhere, or only its management side is wrong
 * A frozen picture is down: it shows the street as it was, which is worse than no picture.
 * `onvif_failing` is degraded while the stream is seen working (the agent makes it down when
 * ONVIF was the only way to the stream). `clock_skew`: the device clock is far from true time,
 * so the time burnt into its picture and its recordings is wrong (evidence with a wrong date),
 * while the picture itself is fine.
 */
export const CAMERA_CAUSE_RULES: Readonly<Record<CameraCause, CameraCauseRule>> = {
  unreachable: { severity: 'down', vi: 'Không kết nối được camera', en: 'Camera unreachable' },
  onvif_failing: { severity: 'degraded', vi: 'ONVIF không phản hồi', en: 'ONVIF not answering' },
  stream_failing: { severity: 'down', vi: 'Không nhận được luồng video', en: 'No video stream' },
  black: { severity: 'down', vi: 'Hình ảnh tối đen', en: 'Black picture' },
  covered: { severity: 'down', vi: 'Ống kính bị che', en: 'Lens covered' },
  frozen: { severity: 'down', vi: 'Hình ảnh bị đứng', en: 'Frozen picture' },
  blurred: { severity: 'degraded', vi: 'Hình ảnh bị mờ', en: 'Blurred picture' },
  view_changed: { severity: 'degraded', vi: 'Camera bị xoay hướng', en: 'Camera turned away' },
  low_fps: { severity: 'degraded', vi: 'Tốc độ khung hình thấp', en: 'Low frame rate' },
  clock_skew: { severity: 'degraded', vi: 'Đồng hồ camera bị lệch giờ', en: 'Camera clock is wrong' },
};

/** A camera clock further than this from true time is `clock_skew` (a minute off is already a wrong timestamp on evidence). */
export const CAMERA_CLOCK_SKEW_MAX_MS = 120_000;
