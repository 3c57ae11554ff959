import { formatLocalDateTime, type OutageReport, type UptimeReport } from '@camwatch/config';
import { LABELS, type Lang } from './report-labels.ts';

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // Quote what CSV needs quoted; prefix what a spreadsheet would run as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
/** One CSV line, quoted and formula-safe (also used by the work-order export). */
export const line = (values: unknown[]) => values.map(cell).join(',');
const hours = (ms: number) => (ms / 3_600_000).toFixed(2);
const minutes = (ms: number | null) => (ms === null ? '' : (ms / 60_000).toFixed(1));

/** UTF-8 with BOM, so spreadsheet programs show the Vietnamese diacritics. */
export const BOM = '\uFEFF';

export function uptimeCsv(r: UptimeReport, lang: Lang): string {
  const L = LABELS[lang];
  const rows = r.rows.map((x) =>
    line([
      x.unitId,
      x.unitName,
      x.kind,
      x.parentName,
      x.stations,
      x.cameras,
      x.uptimePct === null ? '' : x.uptimePct.toFixed(2),
      hours(x.observedMs),
      hours(x.downMs),
      x.outages,
      minutes(x.mttrMs),
      x.availabilityPct === null ? '' : x.availabilityPct.toFixed(2),
      x.coveragePct === null ? '' : x.coveragePct.toFixed(2),
      hours(x.unreachableMs),
      x.availabilityLossCause === null ? '' : L.lossCause[x.availabilityLossCause],
    ]),
  );
  return (
    BOM +
    [
      // New columns go after the old ones (a spreadsheet reading columns by position keeps working).
      line([
        L.unitId,
        L.unitName,
        L.kind,
        L.parent,
        L.stations,
        L.cameras,
        L.uptimePct,
        L.observedH,
        L.downH,
        L.outages,
        L.mttrMin,
        L.availabilityPct,
        L.coveragePct,
        L.unreachableH,
        L.lossCauseTitle,
      ]),
      ...rows,
    ].join('\r\n') +
    '\r\n'
  );
}

export function outageCsv(r: OutageReport, lang: Lang): string {
  const L = LABELS[lang];
  const rows = r.items.map((o) =>
    line([
      o.cameraId,
      o.stationName,
      o.unitName,
      formatLocalDateTime(o.startedAt),
      o.endedAt === null ? L.ongoing : formatLocalDateTime(o.endedAt),
      minutes(o.durationMs),
      o.cause,
    ]),
  );
  return BOM + [line([L.camera, L.station, L.unit, L.startedAt, L.endedAt, L.durationMin, L.cause]), ...rows].join('\r\n') + '\r\n';
}
