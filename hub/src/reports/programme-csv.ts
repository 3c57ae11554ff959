import { CONNECTED_PRIVATE_LABELS, PROGRAMME_LABELS, roadRowLabel, type ProgrammeFigures, type ProgrammeReport } from '@camwatch/config';
import { BOM, line } from './report-csv.ts';
import type { Lang } from './report-labels.ts';

const pct = (v: number | null) => (v === null ? '' : v.toFixed(2));
const hours = (ms: number | null) => (ms === null ? '' : (ms / 3_600_000).toFixed(1));

const figures = (f: ProgrammeFigures) => [
  `${f.unitsWithStations}/${f.leafUnits}`,
  f.stations,
  f.cameras,
  f.camerasWorking,
  pct(f.availabilityPct),
  pct(f.uptimePct),
  f.camerasAdded,
  f.camerasRetired,
  f.ordersOpened,
  f.ordersClosed,
  hours(f.mttrMs),
];

/** The programme report as one CSV table: unit rows (with their depth), then roads, then the border units. */
export function programmeCsv(r: ProgrammeReport, lang: Lang): string {
  const L = PROGRAMME_LABELS[lang];
  const P = CONNECTED_PRIVATE_LABELS[lang];
  const header = line([
    L.section,
    L.unitId,
    L.name,
    L.level,
    L.withCamera,
    L.stations,
    L.cameras,
    L.working,
    L.availability,
    L.uptime,
    L.added,
    L.retired,
    L.opened,
    L.closed,
    L.mttrH,
  ]);
  const rows = [
    ...r.units.map((u) => line([L.byUnit, u.unitId, u.unitName, u.depth, ...figures(u)])),
    ...r.roads.map((g) => line([L.byRoad, g.key, roadRowLabel(g, r.roadDistanceM, lang), '', ...figures(g)])),
    line([L.border, r.border.key, L.border, '', ...figures(r.border)]),
    // Not programme cameras: their own line, with only the counts that mean something for them.
    line([
      P.line,
      '',
      P.line,
      '',
      '',
      '',
      r.connectedPrivate.cameras,
      r.connectedPrivate.camerasWorking,
      pct(r.connectedPrivate.availabilityPct),
      pct(r.connectedPrivate.uptimePct),
    ]),
  ];
  return BOM + [header, ...rows].join('\r\n') + '\r\n';
}
