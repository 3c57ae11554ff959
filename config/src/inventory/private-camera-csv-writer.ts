import type { CreatePrivateCameraBody } from '../api/private-cameras.ts';
import { CONSENT_SCOPE_WORDS, OWNER_KIND_WORDS, PRIVATE_CAMERA_COLUMNS, type PrivateCameraColumnKey } from './private-camera-sheet.ts';

/**
 * Writes cameras as a commune's spreadsheet in CSV: the Vietnamese headings and words the
 * import reads (`parsePrivateCameraCsv`), dates as dd/mm/yyyy. The fleet generator uses it.
 */
export function writePrivateCameraCsv(cameras: readonly CreatePrivateCameraBody[]): string {
  const lines = [PRIVATE_CAMERA_COLUMNS.map((c) => quote(c.vi)).join(',')];
  for (const c of cameras) {
    const [y, m, d] = c.consent.date.split('-');
    const cells: Record<PrivateCameraColumnKey, string> = {
      unitId: c.unitId,
      ownerKind: OWNER_KIND_WORDS[c.ownerKind],
      ownerName: c.owner.name,
      ownerPhone: c.owner.phone,
      address: c.owner.address,
      lat: String(c.lat),
      lon: String(c.lon),
      bearingDeg: String(c.bearingDeg),
      fovDeg: String(c.fovDeg),
      rangeM: String(c.rangeM),
      facesStreet: c.facesStreet ? 'Có' : 'Không',
      recorderKind: c.recorder ? c.recorder.kind.toUpperCase() : '',
      recorderBrand: c.recorder?.brand ?? '',
      daysKept: c.recorder?.daysKept == null ? '' : String(c.recorder.daysKept),
      consentDate: `${d}/${m}/${y}`,
      consentScope: CONSENT_SCOPE_WORDS[c.consent.scope],
    };
    lines.push(PRIVATE_CAMERA_COLUMNS.map((col) => quote(cells[col.key])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
