import { parse } from 'csv-parse/sync';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import {
  CreatePrivateCameraBody,
  type PrivateCameraConsentScope,
  type PrivateCameraImportIssue,
  type PrivateCameraOwnerKind,
  type PrivateCameraRecorderKind,
} from '../api/private-cameras.ts';
import { PRIVATE_CAMERA_COLUMNS, privateCameraHeading, type PrivateCameraColumnKey } from '../api/private-camera-columns.ts';
import { importIssue } from '../api/private-camera-import-issue.ts';
import type { PrivateCameraImportProblem } from '../api/private-camera-import-reasons.ts';

/**
 * Reads the spreadsheet communes keep of private cameras (columns: `PRIVATE_CAMERA_COLUMNS`) into
 * the API's create body. The hub's import (CSV and XLSX) and the fleet generator's CSV both go
 * through here, so what the generator writes is what the import reads.
 */

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

/** A cell that cannot become its field; the reader turns it into the row's issue. */
class CellError extends Error {
  constructor(
    readonly column: PrivateCameraColumnKey,
    readonly problem: PrivateCameraImportProblem,
  ) {
    super(`${column}: ${problem.reason}`);
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
      issues.push(importIssue(1, c.vi, { reason: 'missing_column', params: { column: c.key } }));
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
      else for (const e of errors.slice(0, 3)) issues.push(importIssue(line, columnOfPath(e.path), schemaProblem(e)));
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      issues.push(importIssue(line, headingOf(err.column), err.problem));
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
    const problem = { reason: 'unreadable_csv', params: { detail: (err as Error).message } } as const;
    return { rows: [], issues: [importIssue(line, null, problem)], total: 0 };
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
  if (k !== 'nvr' && k !== 'dvr') throw new CellError('recorderKind', { reason: 'bad_recorder', params: { value: kind } });
  const days = optionalText(cell('daysKept'));
  const daysKept = days === null ? null : num(days, 'daysKept');
  if (daysKept !== null && !Number.isInteger(daysKept))
    throw new CellError('daysKept', { reason: 'not_an_integer', params: { value: days! } });
  return { kind: k as PrivateCameraRecorderKind, brand: optionalText(cell('recorderBrand')), daysKept };
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
  if (t === '') throw new CellError(key, { reason: 'empty', params: {} });
  return t;
}

/** A number; a decimal comma (10,61 as Vietnamese sheets write it) is read as a point. */
function num(c: SheetCell, key: PrivateCameraColumnKey): number {
  if (typeof c === 'number') return c;
  const t = requiredText(c, key).replace(',', '.');
  const n = Number(t);
  if (!Number.isFinite(n)) throw new CellError(key, { reason: 'not_a_number', params: { value: cellText(c) } });
  return n;
}

function yesNo(c: SheetCell, key: PrivateCameraColumnKey): boolean {
  if (typeof c === 'boolean') return c;
  const t = foldHeading(requiredText(c, key));
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  throw new CellError(key, { reason: 'not_yes_no', params: { value: cellText(c) } });
}

function word<T>(table: Record<string, T>, c: SheetCell, key: PrivateCameraColumnKey): T {
  const v = table[foldHeading(requiredText(c, key))];
  if (v === undefined) throw new CellError(key, { reason: 'unknown_value', params: { value: cellText(c) } });
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
    throw new CellError(key, { reason: 'not_a_date', params: { value: t } });
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
  return privateCameraHeading(key, 'vi');
}

/** A schema rule a converted row breaks (a range, a length, the phone's characters) as a reason code. */
function schemaProblem(e: ValueError): PrivateCameraImportProblem {
  const limit = (...names: string[]): number => {
    for (const n of names) if (typeof e.schema[n] === 'number') return e.schema[n] as number;
    return NaN;
  };
  switch (e.type) {
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.NumberExclusiveMinimum:
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.IntegerExclusiveMinimum:
      return { reason: 'too_small', params: { limit: limit('minimum', 'exclusiveMinimum') } };
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.NumberExclusiveMaximum:
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.IntegerExclusiveMaximum:
      return { reason: 'too_large', params: { limit: limit('maximum', 'exclusiveMaximum') } };
    case ValueErrorType.StringMinLength:
      return { reason: 'too_short', params: { limit: limit('minLength') } };
    case ValueErrorType.StringMaxLength:
      return { reason: 'too_long', params: { limit: limit('maxLength') } };
    case ValueErrorType.StringPattern:
      return { reason: 'bad_characters', params: {} };
    default:
      return { reason: 'invalid', params: { detail: `${e.path}: ${e.message}` } };
  }
}
