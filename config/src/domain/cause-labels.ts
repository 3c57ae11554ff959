import type { CameraCause } from '../mqtt/messages.ts';

/** One phrase in both languages. */
export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

/**
 * What each cause is called, in both languages, in the form it takes inside a sentence
 * ("không hoạt động: ống kính bị che"); a label standing alone starts with a capital
 * (`capitalized`). Typed over the cause union: a new cause without a label does not compile.
 */
export const CAUSE_LABELS: { readonly [C in CameraCause]: Bilingual } = {
  unreachable: { vi: 'không kết nối được camera', en: 'camera unreachable' },
  onvif_failing: { vi: 'ONVIF không phản hồi', en: 'ONVIF not answering' },
  stream_failing: { vi: 'không nhận được luồng video', en: 'no video stream' },
  black: { vi: 'hình ảnh tối đen', en: 'black picture' },
  covered: { vi: 'ống kính bị che', en: 'lens covered' },
  frozen: { vi: 'hình ảnh bị đứng', en: 'frozen picture' },
  blurred: { vi: 'hình ảnh bị mờ', en: 'blurred picture' },
  view_changed: { vi: 'camera bị xoay hướng', en: 'camera turned away' },
  low_fps: { vi: 'tốc độ khung hình thấp', en: 'low frame rate' },
  clock_skew: { vi: 'đồng hồ camera bị lệch giờ', en: 'camera clock is wrong' },
};

/** A label that stands alone (a list cell, a tooltip): first letter upper case, Vietnamese rules. */
export function capitalized(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

/** The dashboard dictionary's `cause.*` entries for one language, from the one table. */
export function causeMessages(lang: keyof Bilingual): { [C in CameraCause as `cause.${C}`]: string } {
  const out: Record<string, string> = {};
  for (const [cause, label] of Object.entries(CAUSE_LABELS)) out[`cause.${cause}`] = capitalized(label[lang]);
  return out as { [C in CameraCause as `cause.${C}`]: string };
}
