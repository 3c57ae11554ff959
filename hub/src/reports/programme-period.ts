import { localDate, localDateToTs, type ProgrammePeriod } from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';

export interface ProgrammePeriodRange {
  /** First and last local day, yyyy-MM-dd. */
  first: string;
  last: string;
  /** [from, to) in epoch ms. */
  from: number;
  to: number;
}

const iso = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-01`;

/** The month, quarter or year containing `date` (a real calendar day; 2025-02-30 is a 400). */
export function programmePeriod(period: ProgrammePeriod, date: string): ProgrammePeriodRange {
  const ts = Date.parse(`${date}T00:00:00+07:00`);
  if (Number.isNaN(ts) || localDate(ts) !== date)
    throw ApiError.validation([{ path: 'querystring/date', message: `${date} is not a calendar date` }]);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const startMonth = period === 'month' ? m : period === 'quarter' ? Math.floor((m - 1) / 3) * 3 + 1 : 1;
  const months = period === 'month' ? 1 : period === 'quarter' ? 3 : 12;
  const endMonth = startMonth + months; // may be 13: January of the next year
  const first = iso(y, startMonth);
  const next = endMonth > 12 ? iso(y + 1, endMonth - 12) : iso(y, endMonth);
  const from = localDateToTs(first);
  const to = localDateToTs(next);
  return { first, last: localDate(to - 1), from, to };
}
