import { formatLocalDateTime, type Investigation, type InvestigationPrivateCamera, type Language } from '@camwatch/config';
import { BOM, line } from '../reports/report-csv.ts';
import { INVESTIGATION_LABELS } from './investigation-labels.ts';

const pct = (share: number) => (share * 100).toFixed(1);
const time = (ts: number | null | undefined) => (ts === null || ts === undefined ? '' : formatLocalDateTime(ts));

/**
 * The investigation as CSV (UTF-8 with BOM, formula-safe cells): one row per camera, programme
 * cameras first, then private ones; the columns that do not apply to a kind stay empty.
 */
export function investigationCsv(r: Investigation, lang: Language): string {
  const L = INVESTIGATION_LABELS[lang];
  const kept = (c: InvestigationPrivateCamera) =>
    c.footageProbablyKept === null ? L.unknownKept : c.footageProbablyKept ? L.probablyKept : L.probablyGone;
  const head = [
    L.kind,
    L.camera,
    L.station,
    L.unit,
    L.address,
    'lat',
    'lon',
    L.bearing,
    L.distance,
    `${L.ok} (%)`,
    `${L.degraded} (%)`,
    `${L.down} (%)`,
    `${L.unreachable} (%)`,
    `${L.maintenance} (%)`,
    `${L.noData} (%)`,
    L.availability,
    L.before,
    L.after,
    L.owner,
    L.phone,
    L.daysKept,
    L.keptUntil,
    L.footage,
    L.consent,
  ];
  const programme = r.programmeCameras.map((c) =>
    line([
      L.programmeKind,
      c.cameraId,
      c.stationName,
      c.unitName,
      c.address,
      c.lat,
      c.lon,
      c.bearingDeg,
      c.distanceM,
      pct(c.shares.ok),
      pct(c.shares.degraded),
      pct(c.shares.down),
      pct(c.shares.unreachable),
      pct(c.shares.maintenance),
      pct(c.shares.noData),
      c.availabilityPct === null ? '' : c.availabilityPct.toFixed(1),
      time(c.snapshotBefore?.takenAt),
      time(c.snapshotAfter?.takenAt),
      '',
      '',
      '',
      '',
      '',
      '',
    ]),
  );
  const owned = r.privateCameras.map((c) =>
    line([
      L[c.ownerKind],
      `P${c.id}`,
      '',
      c.unitName,
      c.owner?.address ?? '',
      c.lat,
      c.lon,
      c.bearingDeg,
      c.distanceM,
      ...Array<string>(9).fill(''),
      c.owner?.name ?? L.contactHidden,
      c.owner?.phone ?? '',
      c.recorder?.daysKept ?? '',
      time(c.footageKeptUntil),
      kept(c),
      L[c.consentScope],
    ]),
  );
  return `${BOM}${[line(head), ...programme, ...owned].join('\r\n')}\r\n`;
}
