import type { UptimeRow } from '@camwatch/config/api';
import { foldVietnamese } from '../common/text.ts';

export type UptimeSortKey = 'unitName' | 'parentName' | 'stations' | 'cameras' | 'uptimePct' | 'downMs' | 'outages' | 'mttrMs';

export interface UptimeView {
  filter: string;
  /** Show only rows below this uptime %, null = all. */
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
    if (view.below !== null && (r.uptimePct === null || r.uptimePct >= view.below)) return false;
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
