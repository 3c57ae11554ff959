import type { Language } from '../api/dashboard-auth.ts';
import type { CreatePrivateCameraBody } from '../api/private-cameras.ts';
import { PRIVATE_CAMERA_COLUMNS, type PrivateCameraColumnKey } from '../api/private-camera-columns.ts';
import { CONSENT_SCOPE_WORDS, OWNER_KIND_WORDS } from './private-camera-sheet.ts';

/** Words the import reads in English (`private-camera-sheet.ts` folds case, spaces and diacritics). */
const ENGLISH_WORDS = {
  ownerKind: { household: 'household', business: 'business', agency: 'agency' },
  consentScope: { listed: 'listed', footage_contact: 'footage contact', live_connection: 'live connection' },
} as const;

/**
 * Cameras as the rows of a commune's spreadsheet: the headings and the words the import reads
 * (`readPrivateCameraGrid`), in Vietnamese (dates dd/mm/yyyy, as communes write them) or in
 * English (yyyy-mm-dd). With no camera it is the blank template offered for download.
 */
export function privateCameraSheetRows(cameras: readonly CreatePrivateCameraBody[], lang: Language = 'vi'): string[][] {
  const rows: string[][] = [PRIVATE_CAMERA_COLUMNS.map((c) => c[lang])];
  for (const c of cameras) {
    const [y, m, d] = c.consent.date.split('-');
    const cells: Record<PrivateCameraColumnKey, string> = {
      unitId: c.unitId,
      ownerKind: lang === 'vi' ? OWNER_KIND_WORDS[c.ownerKind] : ENGLISH_WORDS.ownerKind[c.ownerKind],
      ownerName: c.owner.name,
      ownerPhone: c.owner.phone,
      address: c.owner.address,
      lat: String(c.lat),
      lon: String(c.lon),
      bearingDeg: String(c.bearingDeg),
      fovDeg: String(c.fovDeg),
      rangeM: String(c.rangeM),
      facesStreet: lang === 'vi' ? (c.facesStreet ? 'Có' : 'Không') : c.facesStreet ? 'yes' : 'no',
      recorderKind: c.recorder ? c.recorder.kind.toUpperCase() : '',
      recorderBrand: c.recorder?.brand ?? '',
      daysKept: c.recorder?.daysKept == null ? '' : String(c.recorder.daysKept),
      consentDate: lang === 'vi' ? `${d}/${m}/${y}` : c.consent.date,
      consentScope: lang === 'vi' ? CONSENT_SCOPE_WORDS[c.consent.scope] : ENGLISH_WORDS.consentScope[c.consent.scope],
    };
    rows.push(PRIVATE_CAMERA_COLUMNS.map((col) => cells[col.key]));
  }
  return rows;
}

/** The same rows as CSV text (comma-separated, CRLF). The fleet generator writes its private cameras with it. */
export function writePrivateCameraCsv(cameras: readonly CreatePrivateCameraBody[], lang: Language = 'vi'): string {
  return `${privateCameraSheetRows(cameras, lang)
    .map((r) => r.map(quote).join(','))
    .join('\r\n')}\r\n`;
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
