import type { UptimeRow } from '@camwatch/config/api';
import { foldVietnamese } from '../common/text.ts';
import type { MessageKey } from '../i18n/vi.ts';

export type UptimeSortKey =
  'unitName' | 'parentName' | 'stations' | 'cameras' | 'availabilityPct' | 'uptimePct' | 'coveragePct' | 'downMs' | 'outages' | 'mttrMs';

/**
 * The table's columns, in order. Availability (what the police could use; a dark station counts
 * against it) comes first, then the camera's uptime while reachable, then how much of the time
 * the hub knew anything (data coverage): the old single uptime figure hid a dark station as no data.
 */
export const UPTIME_COLUMNS: ReadonlyArray<{ key: UptimeSortKey; label: MessageKey; numeric: boolean }> = [
  { key: 'unitName', label: 'uptime.unit', numeric: false },
  { key: 'parentName', label: 'uptime.parent', numeric: false },
  { key: 'stations', label: 'uptime.stations', numeric: true },
  { key: 'cameras', label: 'uptime.cameras', numeric: true },
  { key: 'availabilityPct', label: 'uptime.availability', numeric: true },
  { key: 'uptimePct', label: 'uptime.pct', numeric: true },
  { key: 'coveragePct', label: 'uptime.coverage', numeric: true },
  { key: 'downMs', label: 'uptime.down', numeric: true },
  { key: 'outages', label: 'uptime.outages', numeric: true },
  { key: 'mttrMs', label: 'uptime.mttr', numeric: true },
];

/** Nothing known in the period: neither observed nor the station known to be unreachable (no data is not downtime). */
export const noData = (r: UptimeRow): boolean => r.observedMs === 0 && r.unreachableMs === 0;

/** The CSV the table exports: the shown rows, figures empty where nothing is known. */
export function uptimeCsvTable(
  rows: readonly UptimeRow[],
  t: (key: MessageKey) => string,
  minutes: (ms: number) => number,
): { header: string[]; body: (string | number | null)[][] } {
  const pct = (v: number | null) => (v === null ? null : v.toFixed(2));
  const mins = (ms: number | null) => (ms === null ? null : minutes(ms));
  return {
    header: [
      'unit_id',
      t('uptime.unit'),
      t('uptime.parent'),
      t('uptime.stations'),
      t('uptime.cameras'),
      t('uptime.availability'),
      t('uptime.pct'),
      t('uptime.coverage'),
      `${t('uptime.unreachable')} (min)`,
      t('uptime.lossCause'),
      `${t('uptime.down')} (min)`,
      t('uptime.outages'),
      `${t('uptime.mttr')} (min)`,
    ],
    body: rows.map((r) => [
      r.unitId,
      r.unitName,
      r.parentName,
      r.stations,
      r.cameras,
      pct(r.availabilityPct),
      pct(r.uptimePct),
      pct(r.coveragePct),
      noData(r) ? null : mins(r.unreachableMs),
      r.availabilityLossCause === null ? null : t(`uptime.cause.${r.availabilityLossCause}`),
      noData(r) ? null : mins(r.downMs),
      noData(r) ? null : r.outages,
      noData(r) ? null : mins(r.mttrMs),
    ]),
  };
}

export interface UptimeView {
  filter: string;
  /** Show only rows below this availability %, null = all. */
  below: number | null;
  sortKey: UptimeSortKey;
  descending: boolean;
}

const collator = new Intl.Collator('vi');

/** Filter then sort, the same rows the table shows and the CSV exports. Nulls (no data) sort last. */
export function viewRows(rows: UptimeRow[], view: UptimeView): UptimeRow[] {
  const q = foldVietnamese(view.filter.trim());
  const kept = rows.filter((r) => {
    if (q && !foldVietnamese(`${r.unitName} ${r.parentName ?? ''}`).includes(q)) return false;
    if (view.below !== null && (r.availabilityPct === null || r.availabilityPct >= view.below)) return false;
    return true;
  });
  const sign = view.descending ? -1 : 1;
  return kept.sort((a, b) => {
    const x = a[view.sortKey];
    const y = b[view.sortKey];
    if (x === null && y === null) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * (typeof x === 'string' && typeof y === 'string' ? collator.compare(x, y) : Number(x) - Number(y));
  });
}
