import { formatLocalDateTime, type Investigation, type Language } from '@camwatch/config';
import { BOM, line } from '../reports/report-csv.ts';
import { INVESTIGATION_LABELS } from './investigation-labels.ts';

const pct = (share: number) => (share * 100).toFixed(1);

/** The investigation as one CSV row per camera (UTF-8 with BOM, formula-safe cells). */
export function investigationCsv(r: Investigation, lang: Language): string {
  const L = INVESTIGATION_LABELS[lang];
  const head = [
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
  ];
  const rows = r.programmeCameras.map((c) =>
    line([
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
      c.snapshotBefore ? formatLocalDateTime(c.snapshotBefore.takenAt) : '',
      c.snapshotAfter ? formatLocalDateTime(c.snapshotAfter.takenAt) : '',
    ]),
  );
  return `${BOM}${[line(head), ...rows].join('\r\n')}\r\n`;
}
