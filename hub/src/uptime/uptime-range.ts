import { localDate, localDateToTs, startOfLocalDay, type UptimeRangeQuery } from '@camwatch/config';

const DAY_MS = 86_400_000;
/** Longest range one query may cover; bounds the work of a single report. */
export const MAX_RANGE_MS = 400 * DAY_MS;

/** [from, to) in epoch ms. Calendar periods start at local midnight in Asia/Ho_Chi_Minh (UTC+7, no DST). */
export interface UptimeRange {
  from: number;
  to: number;
}

/** A query the uptime code refuses (bad range, bad id); the HTTP layer answers it with CW_ERR_VALIDATION. */
export class UptimeQueryError extends Error {
  override name = 'UptimeQueryError';
  readonly code = 'CW_ERR_VALIDATION';
}

export function customRange(from: number, to: number): UptimeRange {
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to)
    throw new UptimeQueryError(`range must have from < to (got ${from}, ${to})`);
  if (to - from > MAX_RANGE_MS) throw new UptimeQueryError(`range longer than ${MAX_RANGE_MS / DAY_MS} days`);
  return { from, to };
}

function parseDay(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UptimeQueryError(`not a yyyy-MM-dd date: ${date}`);
  const ts = localDateToTs(date);
  // Date.parse rolls 2025-02-30 over to March; a date must survive the round trip.
  if (localDate(ts) !== date) throw new UptimeQueryError(`no such day: ${date}`);
  return ts;
}

export function dayRange(date: string): UptimeRange {
  const from = parseDay(date);
  return { from, to: from + DAY_MS };
}

/** The ISO week (Monday to Sunday) containing `date`. */
export function weekRange(date: string): UptimeRange {
  const day = parseDay(date);
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const from = day - weekday * DAY_MS;
  return { from, to: from + 7 * DAY_MS };
}

/** A calendar month, `yyyy-MM`. */
export function monthRange(month: string): UptimeRange {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const year = Number(m?.[1]);
  const mon = Number(m?.[2]);
  if (!m || mon < 1 || mon > 12) throw new UptimeQueryError(`not a yyyy-MM month: ${month}`);
  const next = mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, '0')}`;
  return { from: parseDay(`${month}-01`), to: parseDay(`${next}-01`) };
}

/** Turns the API's range query into a range, or throws UptimeQueryError naming what is missing. */
export function resolveRange(q: UptimeRangeQuery): UptimeRange {
  const need = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new UptimeQueryError(`period ${q.period} needs ${name}`);
    return value;
  };
  switch (q.period) {
    case 'day':
      return dayRange(need(q.date, 'date'));
    case 'week':
      return weekRange(need(q.date, 'date'));
    case 'month':
      return monthRange(need(q.month, 'month'));
    case 'custom':
      return customRange(need(q.from, 'from'), need(q.to, 'to'));
  }
}

/** The local days a range touches, each clipped to the range: the buckets of the daily series. */
export function localDays(range: UptimeRange): { date: string; from: number; to: number }[] {
  const out: { date: string; from: number; to: number }[] = [];
  for (let day = startOfLocalDay(range.from); day < range.to; day += DAY_MS) {
    out.push({ date: localDate(day), from: Math.max(day, range.from), to: Math.min(day + DAY_MS, range.to) });
  }
  return out;
}
