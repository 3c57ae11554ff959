/**
 * The spreadsheet communes keep of private cameras, one camera a row: its columns with their
 * Vietnamese and English headings (and the other spellings met in communes' sheets). The one list
 * of columns: the import reads by it (`inventory/private-camera-sheet.ts`), the fleet generator
 * and the template download write by it, and the dashboard names a bad cell's column by it.
 * Browser-safe, so it lives with the API contract.
 */
export const PRIVATE_CAMERA_COLUMNS = [
  { key: 'unitId', vi: 'Mã xã', en: 'commune_id', aliases: ['Mã đơn vị', 'unit_id', 'commune id'] },
  { key: 'ownerKind', vi: 'Loại chủ', en: 'owner_kind', aliases: ['Loại chủ sở hữu', 'owner kind'] },
  { key: 'ownerName', vi: 'Chủ sở hữu', en: 'owner_name', aliases: ['Tên chủ sở hữu', 'Họ tên chủ', 'owner'] },
  { key: 'ownerPhone', vi: 'Số điện thoại', en: 'owner_phone', aliases: ['Điện thoại', 'SĐT', 'phone'] },
  { key: 'address', vi: 'Địa chỉ', en: 'address', aliases: [] },
  { key: 'lat', vi: 'Vĩ độ', en: 'lat', aliases: ['latitude'] },
  { key: 'lon', vi: 'Kinh độ', en: 'lon', aliases: ['longitude', 'lng'] },
  { key: 'bearingDeg', vi: 'Hướng (độ)', en: 'bearing_deg', aliases: ['Hướng', 'Hướng nhìn', 'bearing'] },
  { key: 'fovDeg', vi: 'Góc nhìn (độ)', en: 'fov_deg', aliases: ['Góc nhìn', 'field of view'] },
  { key: 'rangeM', vi: 'Tầm xa (m)', en: 'range_m', aliases: ['Tầm xa', 'Tầm nhìn (m)', 'range'] },
  { key: 'facesStreet', vi: 'Hướng ra đường', en: 'faces_street', aliases: ['Quay ra đường'] },
  { key: 'recorderKind', vi: 'Đầu ghi', en: 'recorder_kind', aliases: ['Loại đầu ghi', 'recorder'] },
  { key: 'recorderBrand', vi: 'Hãng đầu ghi', en: 'recorder_brand', aliases: ['Hãng'] },
  { key: 'daysKept', vi: 'Số ngày lưu', en: 'days_kept', aliases: ['Số ngày lưu trữ', 'recording_days'] },
  { key: 'consentDate', vi: 'Ngày đồng ý', en: 'consent_date', aliases: [] },
  { key: 'consentScope', vi: 'Phạm vi đồng ý', en: 'consent_scope', aliases: ['Đồng ý'] },
] as const;

export type PrivateCameraColumnKey = (typeof PRIVATE_CAMERA_COLUMNS)[number]['key'];

/** The heading of a column in a language. */
export function privateCameraHeading(key: PrivateCameraColumnKey, lang: 'vi' | 'en'): string {
  return PRIVATE_CAMERA_COLUMNS.find((c) => c.key === key)![lang];
}

/**
 * A bad cell's column as the dashboard shows it: issues name the column by its Vietnamese
 * heading (`PrivateCameraImportIssue.column`); in English the English heading stands for it.
 */
export function privateCameraColumnText(viHeading: string, lang: 'vi' | 'en'): string {
  return PRIVATE_CAMERA_COLUMNS.find((c) => c.vi === viHeading)?.[lang] ?? viHeading;
}
