import { parse } from 'csv-parse/sync';
import { Value } from '@sinclair/typebox/value';
import {
  CreatePrivateCameraBody,
  type PrivateCameraConsentScope,
  type PrivateCameraImportIssue,
  type PrivateCameraOwnerKind,
  type PrivateCameraRecorderKind,
} from '../api/private-cameras.ts';

/**
 * The spreadsheet communes keep of private cameras, one camera a row: its columns with their
 * Vietnamese and English headings, and the conversion of a row into the API's create body. The
 * hub's import (CSV and XLSX) and the fleet generator's CSV both go through here, so what the
 * generator writes is what the import reads.
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
/** A cell as a parser hands it over: text from CSV; numbers, dates and booleans from XLSX. */
export type SheetCell = string | number | boolean | Date | null;

const OPTIONAL_COLUMNS: ReadonlySet<PrivateCameraColumnKey> = new Set(['recorderKind', 'recorderBrand', 'daysKept']);

/** Headings compared without case, diacritics, punctuation or spacing: they are a fixed set with no near-twins. */
export function foldHeading(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

const HEADING_INDEX = new Map<string, PrivateCameraColumnKey>(
  PRIVATE_CAMERA_COLUMNS.flatMap((c) => [c.vi, c.en, ...c.aliases].map((h) => [foldHeading(h), c.key] as const)),
);

/** Values in the sheets' own words (either language) → the contract's codes. */
const OWNER_KINDS: Record<string, PrivateCameraOwnerKind> = {
  household: 'household',
  hogiadinh: 'household',
  ho: 'household',
  business: 'business',
  doanhnghiep: 'business',
  cosokinhdoanh: 'business',
  hokinhdoanh: 'business',
  agency: 'agency',
  coquan: 'agency',
};
const CONSENT_SCOPES: Record<string, PrivateCameraConsentScope> = {
  listed: 'listed',
  chidangky: 'listed',
  footagecontact: 'footage_contact',
  lienhetrichxuat: 'footage_contact',
  liveconnection: 'live_connection',
  ketnoitructiep: 'live_connection',
};
const YES = new Set(['yes', 'y', 'true', '1', 'x', 'co']);
const NO = new Set(['no', 'n', 'false', '0', 'khong']);

/** The words the generator writes (Vietnamese, as communes do). */
export const OWNER_KIND_WORDS: Record<PrivateCameraOwnerKind, string> = {
  household: 'Hộ gia đình',
  business: 'Doanh nghiệp',
  agency: 'Cơ quan',
};
export const CONSENT_SCOPE_WORDS: Record<PrivateCameraConsentScope, string> = {
  listed: 'Chỉ đăng ký',
  footage_contact: 'Liên hệ trích xuất',
  live_connection: 'Kết nối trực tiếp',
};

export interface SheetRow {
  /** Line in the file (1 = the heading row). */
  line: number;
  body: CreatePrivateCameraBody;
}

export interface SheetReading {
  rows: SheetRow[];
  issues: PrivateCameraImportIssue[];
  /** Data rows read (good and bad; blank rows are not counted). */
  total: number;
}

class CellError extends Error {
  constructor(
    readonly column: PrivateCameraColumnKey,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a grid of cells (first row: headings) into create bodies. Unknown headings are ignored
 * (communes keep notes columns); a missing required column is one issue on line 1 and no rows.
 */
export function readPrivateCameraGrid(grid: readonly (readonly SheetCell[])[]): SheetReading {
  const issues: PrivateCameraImportIssue[] = [];
  const headings = grid[0] ?? [];
  const at = new Map<PrivateCameraColumnKey, number>();
  headings.forEach((h, i) => {
    const key = HEADING_INDEX.get(foldHeading(cellText(h)));
    if (key && !at.has(key)) at.set(key, i);
  });
  for (const c of PRIVATE_CAMERA_COLUMNS)
    if (!at.has(c.key) && !OPTIONAL_COLUMNS.has(c.key))
      issues.push({ line: 1, column: c.vi, message: `missing column "${c.vi}" (or "${c.en}")` });
  if (issues.length > 0) return { rows: [], issues, total: 0 };

  const rows: SheetRow[] = [];
  let total = 0;
  grid.slice(1).forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => cellText(c) === '')) return;
    total++;
    const cell = (key: PrivateCameraColumnKey): SheetCell => {
      const idx = at.get(key);
      return idx === undefined ? null : (cells[idx] ?? null);
    };
    try {
      const body = toBody(cell);
      const errors = [...Value.Errors(CreatePrivateCameraBody, body)];
      if (errors.length === 0) rows.push({ line, body });
      else for (const e of errors.slice(0, 3)) issues.push({ line, column: columnOfPath(e.path), message: `${e.path}: ${e.message}` });
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      issues.push({ line, column: headingOf(err.column), message: err.message });
    }
  });
  return { rows, issues, total };
}

/** CSV text (comma or semicolon, with or without a BOM) → a grid for `readPrivateCameraGrid`. */
export function parsePrivateCameraCsv(text: string): SheetReading {
  let grid: string[][];
  try {
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
    grid = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false });
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { rows: [], issues: [{ line, column: null, message: `not a readable CSV: ${(err as Error).message}` }], total: 0 };
  }
  return readPrivateCameraGrid(grid);
}

function toBody(cell: (key: PrivateCameraColumnKey) => SheetCell): CreatePrivateCameraBody {
  const recorderKind = optionalText(cell('recorderKind'));
  const recorder = recorderKind === null ? null : recorderOf(recorderKind, cell);
  return {
    unitId: requiredText(cell('unitId'), 'unitId'),
    ownerKind: word(OWNER_KINDS, cell('ownerKind'), 'ownerKind'),
    owner: {
      name: requiredText(cell('ownerName'), 'ownerName'),
      phone: requiredText(cell('ownerPhone'), 'ownerPhone'),
      address: requiredText(cell('address'), 'address'),
    },
    lat: num(cell('lat'), 'lat'),
    lon: num(cell('lon'), 'lon'),
    bearingDeg: num(cell('bearingDeg'), 'bearingDeg'),
    fovDeg: num(cell('fovDeg'), 'fovDeg'),
    rangeM: num(cell('rangeM'), 'rangeM'),
    facesStreet: yesNo(cell('facesStreet'), 'facesStreet'),
    recorder,
    consent: { date: localDate(cell('consentDate'), 'consentDate'), scope: word(CONSENT_SCOPES, cell('consentScope'), 'consentScope') },
  };
}

function recorderOf(kind: string, cell: (key: PrivateCameraColumnKey) => SheetCell): CreatePrivateCameraBody['recorder'] {
  const k = foldHeading(kind);
  if (k !== 'nvr' && k !== 'dvr') throw new CellError('recorderKind', `recorder must be NVR or DVR (or left empty), not "${kind}"`);
  const days = optionalText(cell('daysKept'));
  return {
    kind: k as PrivateCameraRecorderKind,
    brand: optionalText(cell('recorderBrand')),
    daysKept: days === null ? null : num(days, 'daysKept'),
  };
}

function cellText(c: SheetCell | undefined): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString();
  return String(c).trim();
}

function optionalText(c: SheetCell): string | null {
  const t = cellText(c);
  return t === '' ? null : t;
}

function requiredText(c: SheetCell, key: PrivateCameraColumnKey): string {
  const t = cellText(c);
  if (t === '') throw new CellError(key, `${headingOf(key)} is empty`);
  return t;
}

/** A number; a decimal comma (10,61 as Vietnamese sheets write it) is read as a point. */
function num(c: SheetCell, key: PrivateCameraColumnKey): number {
  if (typeof c === 'number') return c;
  const t = requiredText(c, key).replace(',', '.');
  const n = Number(t);
  if (!Number.isFinite(n)) throw new CellError(key, `${headingOf(key)} must be a number, not "${cellText(c)}"`);
  return n;
}

function yesNo(c: SheetCell, key: PrivateCameraColumnKey): boolean {
  if (typeof c === 'boolean') return c;
  const t = foldHeading(requiredText(c, key));
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  throw new CellError(key, `${headingOf(key)} must be có/không (yes/no), not "${cellText(c)}"`);
}

function word<T>(table: Record<string, T>, c: SheetCell, key: PrivateCameraColumnKey): T {
  const v = table[foldHeading(requiredText(c, key))];
  if (v === undefined) throw new CellError(key, `${headingOf(key)}: unknown value "${cellText(c)}"`);
  return v;
}

/** yyyy-MM-dd, or dd/MM/yyyy as Vietnamese sheets write dates, or a spreadsheet date cell. */
function localDate(c: SheetCell, key: PrivateCameraColumnKey): string {
  // An XLSX date cell is midnight UTC of the day typed (no time zone in a sheet).
  if (c instanceof Date && !Number.isNaN(c.getTime())) return c.toISOString().slice(0, 10);
  const t = requiredText(c, key);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[3], vn[2]!.padStart(2, '0'), vn[1]!.padStart(2, '0')] : [];
  const out = `${y}-${m}-${d}`;
  if (!y || Number.isNaN(Date.parse(`${out}T00:00:00Z`)) || new Date(`${out}T00:00:00Z`).toISOString().slice(0, 10) !== out)
    throw new CellError(key, `${headingOf(key)} must be a date (dd/mm/yyyy or yyyy-mm-dd), not "${t}"`);
  return out;
}

const PATH_COLUMNS: Record<string, PrivateCameraColumnKey> = {
  '/unitId': 'unitId',
  '/ownerKind': 'ownerKind',
  '/owner/name': 'ownerName',
  '/owner/phone': 'ownerPhone',
  '/owner/address': 'address',
  '/lat': 'lat',
  '/lon': 'lon',
  '/bearingDeg': 'bearingDeg',
  '/fovDeg': 'fovDeg',
  '/rangeM': 'rangeM',
  '/recorder/brand': 'recorderBrand',
  '/recorder/daysKept': 'daysKept',
};

function columnOfPath(path: string): string | null {
  const key = PATH_COLUMNS[path];
  return key ? headingOf(key) : null;
}

function headingOf(key: PrivateCameraColumnKey): string {
  return PRIVATE_CAMERA_COLUMNS.find((c) => c.key === key)!.vi;
}
