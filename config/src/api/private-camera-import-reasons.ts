import type { Language } from './dashboard-auth.ts';
import { privateCameraHeading, type PrivateCameraColumnKey } from './private-camera-columns.ts';

/**
 * Why a spreadsheet row (or the whole file) was refused, as a code with parameters: the hub
 * answers the code, its parameters and an English `message` built from them; the dashboard shows
 * the same code in the user's language. The parameters are the cell's own text and the schema's
 * limits, never a sentence, so a label table per language is all a translation needs.
 */
export interface PrivateCameraImportReasonParams {
  /** A column's heading is missing (`column`: its key). */
  missing_column: { column: PrivateCameraColumnKey };
  empty: Record<string, never>;
  not_a_number: { value: string };
  not_an_integer: { value: string };
  not_yes_no: { value: string };
  unknown_value: { value: string };
  not_a_date: { value: string };
  bad_recorder: { value: string };
  too_small: { limit: number };
  too_large: { limit: number };
  too_short: { limit: number };
  too_long: { limit: number };
  bad_characters: Record<string, never>;
  /** A schema rule without a reason of its own; `detail` is the validator's English text. */
  invalid: { detail: string };
  unknown_unit: { value: string };
  unreadable_csv: { detail: string };
  unreadable_xlsx: { detail: string };
  no_sheet: Record<string, never>;
}
export type PrivateCameraImportReason = keyof PrivateCameraImportReasonParams;

/** Every reason, in the order the contract lists them (the schema's union). */
export const PRIVATE_CAMERA_IMPORT_REASONS = [
  'missing_column',
  'empty',
  'not_a_number',
  'not_an_integer',
  'not_yes_no',
  'unknown_value',
  'not_a_date',
  'bad_recorder',
  'too_small',
  'too_large',
  'too_short',
  'too_long',
  'bad_characters',
  'invalid',
  'unknown_unit',
  'unreadable_csv',
  'unreadable_xlsx',
  'no_sheet',
] as const satisfies readonly PrivateCameraImportReason[];

/** A reason with its parameters, typed together. */
export type PrivateCameraImportProblem = {
  [R in PrivateCameraImportReason]: { reason: R; params: PrivateCameraImportReasonParams[R] };
}[PrivateCameraImportReason];

type Labels = {
  readonly [R in PrivateCameraImportReason]: { readonly [L in Language]: (p: PrivateCameraImportReasonParams[R]) => string };
};

const n = (v: number, lang: Language) => v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');

/** The reason in words, without the line and column (those are shown beside it). A new reason without both labels does not compile. */
export const PRIVATE_CAMERA_IMPORT_REASON_LABELS: Labels = {
  missing_column: {
    vi: (p) => `thiếu cột “${privateCameraHeading(p.column, 'vi')}” (hoặc “${privateCameraHeading(p.column, 'en')}”)`,
    en: (p) => `missing column "${privateCameraHeading(p.column, 'vi')}" (or "${privateCameraHeading(p.column, 'en')}")`,
  },
  empty: { vi: () => 'ô đang trống', en: () => 'is empty' },
  not_a_number: { vi: (p) => `phải là số, không phải “${p.value}”`, en: (p) => `must be a number, not "${p.value}"` },
  not_an_integer: { vi: (p) => `phải là số nguyên, không phải “${p.value}”`, en: (p) => `must be a whole number, not "${p.value}"` },
  not_yes_no: { vi: (p) => `phải là có/không, không phải “${p.value}”`, en: (p) => `must be có/không (yes/no), not "${p.value}"` },
  unknown_value: { vi: (p) => `giá trị không hợp lệ “${p.value}”`, en: (p) => `unknown value "${p.value}"` },
  not_a_date: {
    vi: (p) => `phải là ngày (dd/mm/yyyy hoặc yyyy-mm-dd), không phải “${p.value}”`,
    en: (p) => `must be a date (dd/mm/yyyy or yyyy-mm-dd), not "${p.value}"`,
  },
  bad_recorder: {
    vi: (p) => `đầu ghi phải là NVR hoặc DVR (hoặc để trống), không phải “${p.value}”`,
    en: (p) => `recorder must be NVR or DVR (or left empty), not "${p.value}"`,
  },
  too_small: { vi: (p) => `nhỏ hơn mức cho phép (${n(p.limit, 'vi')})`, en: (p) => `below the allowed minimum (${n(p.limit, 'en')})` },
  too_large: { vi: (p) => `lớn hơn mức cho phép (${n(p.limit, 'vi')})`, en: (p) => `above the allowed maximum (${n(p.limit, 'en')})` },
  too_short: { vi: (p) => `quá ngắn (ít nhất ${p.limit} ký tự)`, en: (p) => `too short (at least ${p.limit} characters)` },
  too_long: { vi: (p) => `quá dài (tối đa ${p.limit} ký tự)`, en: (p) => `too long (at most ${p.limit} characters)` },
  bad_characters: { vi: () => 'có ký tự không được phép', en: () => 'contains characters that are not allowed' },
  invalid: { vi: (p) => `giá trị không hợp lệ (${p.detail})`, en: (p) => `invalid value (${p.detail})` },
  unknown_unit: {
    vi: (p) => `mã xã “${p.value}” không tồn tại hoặc ngoài địa bàn của bạn`,
    en: (p) => `unit "${p.value}" does not exist or is outside your area`,
  },
  unreadable_csv: { vi: (p) => `không đọc được tệp CSV: ${p.detail}`, en: (p) => `not a readable CSV: ${p.detail}` },
  unreadable_xlsx: { vi: (p) => `không đọc được tệp .xlsx: ${p.detail}`, en: (p) => `not a readable .xlsx file: ${p.detail}` },
  no_sheet: { vi: () => 'bảng tính không có trang nào', en: () => 'the workbook has no sheet' },
};

/** A problem in words in a language (the hub's `message` is the English one). */
export function importProblemText(problem: PrivateCameraImportProblem, lang: Language): string {
  const label = PRIVATE_CAMERA_IMPORT_REASON_LABELS[problem.reason][lang] as (p: PrivateCameraImportProblem['params']) => string;
  return label(problem.params);
}

/**
 * A reason and parameters as they come back over HTTP (untyped JSON), in words; null when this
 * build does not know the reason, so the caller falls back to the hub's English message.
 */
export function importReasonText(reason: string | undefined, params: unknown, lang: Language): string | null {
  if (!reason || !(PRIVATE_CAMERA_IMPORT_REASONS as readonly string[]).includes(reason)) return null;
  if (typeof params !== 'object' || params === null) return null;
  return importProblemText({ reason, params } as PrivateCameraImportProblem, lang);
}
